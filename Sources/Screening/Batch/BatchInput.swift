import Foundation
import DataFormats

/// The columns of a batch-screening file: `id,name,type,country,dob`, of which `id` and `name` are required.
public struct BatchHeader: Sendable {
    public static let columns = ["id", "name", "type", "country", "dob"]

    private let positions: [String: Int]
    private let fieldCount: Int

    /// Reads the header record; throws when `id` or `name` is missing.
    public init(_ record: CSVRecord) throws(BatchInputError) {
        var positions: [String: Int] = [:]
        for (index, field) in record.fields.enumerated() {
            let column = field.trimmedText.lowercased()
            guard Self.columns.contains(column) else {
                throw BatchInputError(line: record.line, message: "unknown column '\(field)'; the columns are \(Self.columns.joined(separator: ","))")
            }
            positions[column] = index
        }
        for required in ["id", "name"] where positions[required] == nil {
            throw BatchInputError(
                line: record.line,
                message: "the header has no '\(required)' column; the first line must name the columns, e.g. id,name,type,country,dob")
        }
        self.positions = positions
        fieldCount = record.fields.count
    }

    /// The query in `record`, or why the row cannot be screened. The id is returned either way when present.
    public func query(from record: CSVRecord) -> (id: String?, query: Result<ScreeningQuery, BatchInputError>) {
        let id = field("id", record).flatMap { $0.isEmpty ? nil : $0 }
        func fail(_ message: String, field: String? = nil) -> (String?, Result<ScreeningQuery, BatchInputError>) {
            (id, .failure(BatchInputError(line: record.line, message: message, field: field)))
        }
        guard record.complete else { return fail("the file ends inside a quoted field") }
        guard record.fields.count == fieldCount else {
            return fail("expected \(fieldCount) fields as in the header, found \(record.fields.count)")
        }
        guard id != nil else { return fail("field id is empty", field: "id") }
        guard let name = field("name", record), !name.isEmpty else { return fail("field name is empty", field: "name") }
        if let problem = InputText.problem(in: name, limit: InputText.nameLimit) {
            return fail("field name \(problem)", field: "name")
        }
        var query = ScreeningQuery(name: name)
        if let text = field("type", record), !text.isEmpty {
            guard let type = EntityType(userText: text) else {
                return fail("field type: '\(text)' is not one of person, organization, vessel, aircraft", field: "type")
            }
            query.type = type
        }
        if let text = field("country", record), !text.isEmpty {
            guard let country = CountryCode(userText: text) else {
                return fail("field country: '\(text)' is not an ISO 3166 alpha-2 code such as IR or RU", field: "country")
            }
            query.country = country.code
        }
        if let text = field("dob", record), !text.isEmpty {
            guard let dob = DateOfBirth(iso: text) else {
                return fail("field dob: '\(text)' is not a date written YYYY, YYYY-MM or YYYY-MM-DD", field: "dob")
            }
            query.dateOfBirth = dob
        }
        return (id, .success(query))
    }

    /// The trimmed cell of `column` in `record`, if the header has that column.
    public func text(_ column: String, in record: CSVRecord) -> String? {
        field(column, record)
    }

    private func field(_ column: String, _ record: CSVRecord) -> String? {
        guard let position = positions[column], position < record.fields.count else { return nil }
        return record.fields[position].trimmedText
    }
}

/// A batch row or header that cannot be read, with its line.
public struct BatchInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the input file where the row (or header) starts.
    public var line: Int
    /// What is wrong and with which field.
    public var message: String
    /// The column at fault (`name`, `dob`, …), when one is.
    public var field: String?

    public init(line: Int, message: String, field: String? = nil) {
        self.line = line
        self.message = message
        self.field = field
    }

    public var description: String { "line \(line): \(message)" }
}

extension EntityType {
    /// Reads a user's type word: `person`/`individual`, `organization`/`entity`/`company`, `vessel`/`ship`, `aircraft`.
    public init?(userText: String) {
        switch userText.trimmedText.lowercased() {
        case "person", "individual": self = .person
        case "organization", "organisation", "entity", "company": self = .organization
        case "vessel", "ship": self = .vessel
        case "aircraft": self = .aircraft
        default: return nil
        }
    }
}

/// An ISO 3166 alpha-2 country code a user typed.
public struct CountryCode: Sendable, Hashable {
    /// The code in upper case, e.g. `IR`.
    public let code: String

    /// Accepts an ISO 3166 alpha-2 code in either case; nil for anything else, "XX" included.
    public init?(userText: String) {
        let code = userText.trimmedText.uppercased()
        guard code.count == 2, CountryCodes.isKnownCode(code) else { return nil }
        self.code = code
    }
}
