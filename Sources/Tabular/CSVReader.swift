import Foundation

/// One record of a delimited text file: its fields and where it starts.
public struct CSVRecord: Sendable, Hashable {
    /// The record's fields, unquoted, in column order.
    public var fields: [String]
    /// 1-based line on which the record starts (a quoted field may span several lines).
    public var line: Int
    /// False when the file ended inside a quoted field, i.e. the record was cut off.
    public var complete: Bool
}

/// A lenient RFC 4180 reader over raw bytes, for files published by others (government lists, user input).
///
/// Handles quoted fields holding delimiters, newlines and doubled quotes; CRLF and LF line ends;
/// any one-byte delimiter (tab for the BIS list); a leading UTF-8 byte-order mark; and the
/// 0x1A (Ctrl-Z) end-of-file byte that OFAC appends. Blank lines are skipped. Fields are decoded
/// one at a time, so reading stays linear: `records(in:)` decodes leniently (invalid sequences become
/// U+FFFD), `checkedRecords(in:)` refuses what `InputText` refuses, naming the line and column.
public enum CSVReader {
    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let controlZ: UInt8 = 0x1A

    /// Every record of `data`, in file order, decoded leniently (for published files read as they are).
    public static func records(in data: Data, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        data.withUnsafeBytes { raw in
            records(in: raw.bindMemory(to: UInt8.self), delimiter: delimiter) { bytes, _, _ in String(decoding: bytes, as: UTF8.self) }
        }
    }

    /// Every record of `data`, in file order; a field that is not valid UTF-8 or holds a control character
    /// (`InputText`; line breaks inside a quoted field are kept) is an error naming its line and column.
    public static func checkedRecords(in data: Data, delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVInputError) -> [CSVRecord] {
        let result = data.withUnsafeBytes { raw -> Result<[CSVRecord], CSVInputError> in
            do throws(CSVInputError) {
                return .success(
                    try records(in: raw.bindMemory(to: UInt8.self), delimiter: delimiter) { (bytes, line, column) throws(CSVInputError) in
                        if let problem = InputText.problem(inUTF8: bytes, multiline: true) {
                            throw CSVInputError(line: line, column: column, problem: problem)
                        }
                        return String(decoding: bytes, as: UTF8.self)
                    })
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The records of `bytes`; `decode` turns a field's bytes (with the line it starts on and its 1-based column) into text.
    private static func records<Failure: Error>(
        in bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8,
        decode: (UnsafeBufferPointer<UInt8>, Int, Int) throws(Failure) -> String
    ) throws(Failure) -> [CSVRecord] {
        var end = bytes.count
        while end > 0, [controlZ, lineFeed, carriageReturn].contains(bytes[end - 1]) {
            end -= 1
        }
        var index = 0
        if end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
        }

        var result: [CSVRecord] = []
        var fields: [String] = []
        var scratch: [UInt8] = []
        var line = 1
        var recordLine = 1

        func finishRecord(complete: Bool) {
            let blank = fields.count == 1 && fields[0].isEmpty
            if !blank {
                result.append(CSVRecord(fields: fields, line: recordLine, complete: complete))
            }
            fields.removeAll(keepingCapacity: true)
        }

        while index < end {
            let fieldLine = line
            if bytes[index] == quote {
                // Quoted field: copy byte runs between quotes, un-doubling `""`.
                scratch.removeAll(keepingCapacity: true)
                index += 1
                var closed = false
                while index < end {
                    let runStart = index
                    while index < end, bytes[index] != quote {
                        if bytes[index] == lineFeed { line += 1 }
                        index += 1
                    }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    guard index < end else { break }
                    if index + 1 < end, bytes[index + 1] == quote {
                        scratch.append(quote)
                        index += 2
                    } else {
                        index += 1
                        closed = true
                        break
                    }
                }
                // Anything between the closing quote and the delimiter is kept, as lenient readers do.
                let tailStart = index
                while index < end, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    index += 1
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                fields.append(try scratch.withUnsafeBufferPointer { (field) throws(Failure) in try decode(field, fieldLine, fields.count + 1) })
                if !closed {
                    finishRecord(complete: false)
                    return result
                }
            } else {
                let fieldStart = index
                while index < end, bytes[index] != delimiter, bytes[index] != lineFeed, bytes[index] != carriageReturn {
                    index += 1
                }
                fields.append(try decode(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]), fieldLine, fields.count + 1))
            }

            guard index < end else { break }
            switch bytes[index] {
            case delimiter:
                index += 1
                if index == end { fields.append("") }
            case carriageReturn:
                index += 1
                if index < end, bytes[index] == lineFeed { index += 1 }
                line += 1
                finishRecord(complete: true)
                recordLine = line
            default:
                index += 1
                line += 1
                finishRecord(complete: true)
                recordLine = line
            }
        }
        if !fields.isEmpty {
            finishRecord(complete: true)
        }
        return result
    }
}

/// Why a CSV the user gave cannot be read: the line, the column and the problem.
public struct CSVInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line the field starts on.
    public var line: Int
    /// The 1-based column (field position in its record).
    public var column: Int
    /// What is wrong with the field.
    public var problem: InputText.Problem

    public init(line: Int, column: Int, problem: InputText.Problem) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// `line 3, column 2: holds the control character U+0000, which is not accepted`.
    public var description: String { "line \(line), column \(column): the field \(problem)" }
}
