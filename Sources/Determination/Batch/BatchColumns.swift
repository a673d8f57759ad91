import Foundation
import Screening
import DataFormats

/// The columns of a batch CSV file, named like the `clearance determine` options.
///
/// `eccn` and `destination` are required; `id`, `end_use`, `end_user_country`, `parent_country`,
/// `value`, `date`, `party`, `fact`, `transit`, `us_content` and `red_flag` are optional (hyphens
/// work as well as underscores). A cell of a repeatable column holds several values separated by `;`.
public struct BatchColumns: Sendable {
    /// Why a header cannot be used.
    public struct HeaderError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    static let known = [
        "id", "eccn", "destination", "end_use", "end_user_country", "parent_country", "value", "date", "party", "fact",
        "transit", "us_content", "red_flag",
    ]
    private let index: [String: Int]

    /// Reads the header row; every column must be known and `eccn` and `destination` present.
    public init(header: CSVRecord) throws(HeaderError) {
        var index: [String: Int] = [:]
        for (position, raw) in header.fields.enumerated() {
            let name = raw.trimmed.lowercased().map { $0 == "-" ? "_" : $0 }.reduce(into: "") { $0.append($1) }
            guard Self.known.contains(name) else {
                throw HeaderError(description: "line \(header.line): unknown column \"\(raw)\"; columns are \(Self.known.joined(separator: ", "))")
            }
            guard index[name] == nil else { throw HeaderError(description: "line \(header.line): column \"\(raw)\" appears twice") }
            index[name] = position
        }
        for required in ["eccn", "destination"] where index[required] == nil {
            throw HeaderError(description: "line \(header.line): the header has no \(required) column")
        }
        self.index = index
    }

    /// The row's id cell, if the file has one.
    public func id(_ record: CSVRecord) -> String? {
        cell("id", record)
    }

    /// The party names of a row.
    public func parties(_ record: CSVRecord) -> [String] {
        list("party", record)
    }

    /// The row as determination input (unchecked; `Determiner.request(from:)` checks it).
    public func input(_ record: CSVRecord) -> Determiner.Input {
        var input = Determiner.Input(eccn: cell("eccn", record) ?? "", destination: cell("destination", record) ?? "")
        input.endUses = list("end_use", record)
        input.endUserCountry = cell("end_user_country", record)
        input.parentCountry = cell("parent_country", record)
        input.value = cell("value", record)
        input.date = cell("date", record)
        input.facts = list("fact", record)
        input.transit = list("transit", record)
        input.usContent = cell("us_content", record)
        input.redFlags = list("red_flag", record)
        return input
    }

    private func cell(_ name: String, _ record: CSVRecord) -> String? {
        guard let position = index[name], position < record.fields.count else { return nil }
        let text = record.fields[position].trimmed
        return text.isEmpty ? nil : text
    }

    private func list(_ name: String, _ record: CSVRecord) -> [String] {
        (cell(name, record) ?? "").split(separator: ";").map { $0.trimmed }.filter { !$0.isEmpty }
    }
}
