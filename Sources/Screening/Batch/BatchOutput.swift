import Foundation

/// Writes batch results one line per input row: JSON Lines or CSV.
public struct BatchOutput {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public let format: Format

    public init(format: Format) {
        self.format = format
    }

    /// The CSV header, or nil for JSON Lines.
    public var header: String? {
        format == .csv ? "query_id,matches,top_entity_id,top_score,top_name,top_matched_name,top_source,entity_ids,error" : nil
    }

    /// The line for one row (without the newline).
    public func line(id: String?, result: Result<[Match], BatchInputError>) -> String {
        switch format {
        case .jsonl:
            var writer = JSONLineWriter()
            switch result {
            case .success(let matches): writer.row(id: id, matches: matches, error: nil)
            case .failure(let error): writer.row(id: id, matches: nil, error: error.description)
            }
            return writer.text
        case .csv:
            switch result {
            case .success(let matches):
                let top = matches.first
                return [
                    id ?? "", String(matches.count), top?.entityID ?? "", top.map { String($0.score) } ?? "",
                    top?.name ?? "", top?.matchedName ?? "", top?.source ?? "",
                    matches.map(\.entityID).joined(separator: ";"), "",
                ].map(Self.csvField).joined(separator: ",")
            case .failure(let error):
                return [id ?? "", "", "", "", "", "", "", "", error.description].map(Self.csvField).joined(separator: ",")
            }
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
