import Foundation

/// Writes batch results one line per input row: JSON Lines or CSV.
public struct BatchOutput {
    public enum Format: String, Sendable, CaseIterable {
        case jsonl, csv
    }

    public let format: Format
    private let encoder = JSONEncoder()

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
            let row: Row
            switch result {
            case .success(let matches): row = Row(queryID: id, matches: matches, error: nil)
            case .failure(let error): row = Row(queryID: id, matches: nil, error: error.description)
            }
            return (try? encoder.encode(row)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"error": "unencodable row"}"#
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

    private struct Row: Encodable {
        var queryID: String?
        var matches: [Match]?
        var error: String?

        enum CodingKeys: String, CodingKey {
            case matches, error
            case queryID = "query_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(queryID, forKey: .queryID)
            try container.encodeIfPresent(matches, forKey: .matches)
            try container.encodeIfPresent(error, forKey: .error)
        }
    }

    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
