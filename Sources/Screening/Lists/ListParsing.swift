import Crypto
import Foundation

/// The bytes of one list file and its path relative to the lists folder (used in every issue).
struct ListFile: Sendable {
    var path: String
    var data: Data
}

/// What a list parser makes of a list's files.
struct ParseOutput: Sendable {
    var entities: [Entity] = []
    /// Skipped records and warnings, each with file and line.
    var issues: [ParseIssue] = []
    /// The publication date the file itself states, if it states one.
    var published: String?
    /// Data records read (rows after a header, XML records), what `ListTolerance` counts against.
    var records = 0
    /// The records skipped as malformed, in file order; each is also in `issues`.
    var skipped: [ParseIssue] = []
    /// Set when the file ends inside a record, i.e. looks cut off; that record is not read.
    var cutOff: ParseIssue?
    /// Ids of `entities`, to refuse a second record with the same id.
    private var ids: Set<String> = []

    /// Reports a record that is skipped because it is malformed.
    mutating func skip(file: String, line: Int, field: String? = nil, message: String) {
        let issue = ParseIssue(file: file, line: line, field: field, message: message)
        issues.append(issue)
        skipped.append(issue)
    }

    /// Adds `entity` read from `file` at `line`, or skips it (reported) when its id was seen before.
    ///
    /// - Returns: whether the entity was added.
    @discardableResult
    mutating func add(_ entity: Entity, file: String, line: Int) -> Bool {
        guard ids.insert(entity.id).inserted else {
            skip(file: file, line: line, message: "id \(entity.id) appears again; record skipped")
            return false
        }
        entities.append(entity)
        return true
    }
}

/// Checks that a header row has the columns a parser reads.
enum HeaderCheck {
    /// Column indexes by (trimmed) name, or an error naming the first missing column.
    ///
    /// - Parameter header: the header's fields and line, nil when the file has no rows at all.
    static func columns(
        of header: (fields: [String], line: Int)?, in file: ListFile, required: [String]
    ) throws(ListLoadError) -> [String: Int] {
        guard let header else {
            throw .unreadableHeader(file: file.path, line: 1, detail: "the file is empty")
        }
        var columns: [String: Int] = [:]
        for (index, name) in header.fields.enumerated() where columns[name.trimmedText] == nil {
            columns[name.trimmedText] = index
        }
        if let missing = required.first(where: { columns[$0] == nil }) {
            throw .unreadableHeader(
                file: file.path, line: header.line,
                detail: "no column \"\(missing)\" (found: \(header.fields.joined(separator: ", ")))"
            )
        }
        return columns
    }
}

/// Ids for records that have none: a digest of the fields that identify the record.
enum StableID {
    /// The first 16 hex digits of the SHA-256 of `key` (UTF-8).
    static func of(_ key: String) -> String {
        Hex.string(SHA256.hash(data: Data(key.utf8)).prefix(8))
    }

    /// A name as it goes into a key: upper-cased, with runs of whitespace made one space and
    /// none at the ends.
    static func normalisedName(_ name: String) -> String {
        name.uppercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Lower-case hex text of bytes.
enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    static func string(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
