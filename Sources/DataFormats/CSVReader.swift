import Foundation

/// How a `CSVReader` reads: the delimiter, and how strictly it treats what RFC 4180 does not allow.
public struct CSVOptions: Sendable, Hashable {
    /// What the reader does with input RFC 4180 does not allow.
    public enum Mode: Sendable, Hashable {
        /// For the curated tables Clearance ships, where a table read partly is worse than none: a stray
        /// quote, text after a closing quote, a quoted field never closed, a carriage return without a
        /// line feed, bytes that are not UTF-8 and control characters other than tab are errors naming
        /// the line and column. Blank lines are records (a table's row count check refuses them) and
        /// nothing at the end of the text is dropped.
        case strict
        /// For files published by others and for user input: a stray quote or text after a closing
        /// quote is kept in the field and noted in the record's `fault`; a file ending inside a quoted
        /// field gives an incomplete last record; CR, LF and CRLF all end a record; blank lines are
        /// skipped; the run of line breaks and 0x1A (Ctrl-Z, OFAC's end-of-file byte) that ends the text
        /// is not data. Fields are checked as `InputText` checks them when `checksText` is set.
        case lenient
    }

    /// The one-byte delimiter: a comma, or a tab for the BIS Denied Persons List.
    public var delimiter: UInt8
    /// How strictly the reader reads.
    public var mode: Mode
    /// In lenient mode, whether a field that is not valid UTF-8 or holds a control character (line breaks
    /// inside a quoted field aside) is an error; when false, invalid UTF-8 is decoded as U+FFFD. Strict mode
    /// always checks.
    public var checksText: Bool

    /// Options for `delimiter` and `mode`.
    public init(delimiter: UInt8 = UInt8(ascii: ","), mode: Mode, checksText: Bool = true) {
        self.delimiter = delimiter
        self.mode = mode
        self.checksText = checksText
    }

    /// User input (a batch file, a request body): lenient, every field checked.
    public static let input = CSVOptions(mode: .lenient)
    /// A published file read as it is (or already checked as text): lenient, fields decoded as given.
    public static let published = CSVOptions(mode: .lenient, checksText: false)
    /// A curated table: strict.
    public static let strict = CSVOptions(mode: .strict)
}

/// One record of a delimited text file: its fields and where it starts.
public struct CSVRecord: Sendable, Hashable {
    /// The record's fields, unquoted, in column order.
    public var fields: [String]
    /// 1-based line on which the record starts (a quoted field may span several lines).
    public var line: Int
    /// False when the text ended inside a quoted field, i.e. the record was cut off.
    public var complete: Bool
    /// False when the text ended without a line break after this record (the last one).
    public var terminated: Bool = true
    /// What is wrong with the record's quoting, in lenient mode (the first problem), or nil.
    public var fault: CSVFault? = nil
}

/// What is wrong with a record's quoting; a lenient reader keeps the record and notes it.
public enum CSVFault: Sendable, Hashable, CustomStringConvertible {
    /// A quote inside an unquoted field (its 1-based column); the quote is kept as a character.
    case quoteInUnquotedField(column: Int)
    /// Text between a closing quote and the next delimiter (the field's column); the text is kept.
    case textAfterClosingQuote(column: Int)
    /// The text ends inside the quoted field in `column`, opened on `line`.
    case unterminatedQuote(column: Int, line: Int)

    /// `a quote inside unquoted field 2`.
    public var description: String {
        switch self {
        case .quoteInUnquotedField(let column): "a quote inside unquoted field \(column)"
        case .textAfterClosingQuote(let column): "text after the closing quote of field \(column)"
        case .unterminatedQuote(_, let line): "the file ends inside the quoted field opened on line \(line)"
        }
    }
}

/// Why a CSV cannot be read: the line, the column and the problem.
public struct CSVError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Problem: Sendable, Hashable, CustomStringConvertible {
        /// The field is not text `InputText` accepts (not UTF-8, or a control character).
        case text(InputText.Problem)
        /// A quoted field is never closed (strict mode; the line is where it opens).
        case unterminatedQuote
        /// A quote inside an unquoted field, or text after a closing quote (strict mode).
        case strayQuote
        /// A carriage return not followed by a line feed (strict mode).
        case bareCarriageReturn

        /// `holds the control character U+0000, which is not accepted`, as the field's predicate.
        public var description: String {
            switch self {
            case .text(let problem): problem.description
            case .unterminatedQuote: "opens a quote that is never closed"
            case .strayQuote: "has a quote inside an unquoted field, or text after a closing quote"
            case .bareCarriageReturn: "is followed by a carriage return without a line feed"
            }
        }
    }

    /// The 1-based line the field starts on (for an unterminated quote, where it opens).
    public var line: Int
    /// The 1-based column (field position in its record).
    public var column: Int
    /// What is wrong with the field.
    public var problem: Problem

    /// An error at `line` and `column`.
    public init(line: Int, column: Int, problem: Problem) {
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// `line 3, column 2: the field holds the control character U+0000, which is not accepted`.
    public var description: String { "line \(line), column \(column): the field \(problem)" }
}

/// The one RFC 4180 reader: whole texts and streams, strict or lenient (`CSVOptions`).
///
/// Quoted fields hold delimiters, line breaks and doubled quotes; records end in LF, CRLF or (lenient)
/// a lone CR; a leading UTF-8 byte-order mark is skipped. Fed in chunks of any size, it returns the
/// records each chunk completes, with their lines in the whole stream, holding back only the unfinished
/// record: a file of any length is read in constant memory, and the records are the same as reading
/// the whole text at once.
public struct CSVReader: Sendable {
    /// How this reader reads.
    public let options: CSVOptions
    private var parser: CSVBlockParser
    private var pending: [UInt8] = []
    private var scanned = 0
    private var startChecked = false
    private var inQuotes = false
    /// Whether the next byte begins a field: only there does a quote open a quoted field.
    private var atFieldStart = true
    /// Whether the last byte closed a quoted field (a quote right after it is an escaped quote).
    private var justClosed = false
    /// Whether the last byte ended a record (a line break outside quotes).
    private var afterLineBreak = false

    /// A reader with `options` (by default, user input's: lenient, comma, fields checked).
    public init(_ options: CSVOptions = .input) {
        self.options = options
        self.parser = CSVBlockParser(options: options)
    }

    /// The records completed by `chunk`.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(CSVError) -> [CSVRecord] {
        pending.append(contentsOf: chunk)
        if !startChecked {
            guard pending.count >= 3 else { return [] }
            dropByteOrderMark()
        }
        var boundary = 0
        var index = scanned
        while index < pending.count {
            let byte = pending[index]
            // A record boundary: after a line break outside quotes, before a byte that cannot continue a
            // CRLF or belong to the run of line breaks and Ctrl-Z bytes that may end the text.
            if afterLineBreak, !CSVBlockParser.mayEndText(byte) { boundary = index }
            var closed = false
            if inQuotes {
                if byte == CSVBlockParser.quote {
                    inQuotes = false
                    closed = true
                }
            } else if byte == CSVBlockParser.quote && (atFieldStart || justClosed) {
                inQuotes = true
            }
            justClosed = closed
            let ends = !inQuotes && (byte == CSVBlockParser.lineFeed || byte == CSVBlockParser.carriageReturn)
            atFieldStart = ends || (!inQuotes && byte == options.delimiter)
            afterLineBreak = ends
            index += 1
        }
        scanned = pending.count
        guard boundary > 0 else { return [] }
        var records: [CSVRecord] = []
        try pending.withUnsafeBufferPointer { (bytes) throws(CSVError) in
            try parser.parse(UnsafeBufferPointer(rebasing: bytes[0..<boundary]), final: false, into: &records)
        }
        pending.removeFirst(boundary)
        scanned = pending.count
        return records
    }

    /// The records left when the stream ends, including a last one without a line break.
    public mutating func finish() throws(CSVError) -> [CSVRecord] {
        if !startChecked { dropByteOrderMark() }
        var records: [CSVRecord] = []
        try pending.withUnsafeBufferPointer { (bytes) throws(CSVError) in
            try parser.parse(bytes, final: true, into: &records)
        }
        pending.removeAll()
        scanned = 0
        return records
    }

    private mutating func dropByteOrderMark() {
        startChecked = true
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
    }

    /// Every record of `data`, in order, read with `options`.
    public static func records(in data: Data, options: CSVOptions) throws(CSVError) -> [CSVRecord] {
        let result = data.withUnsafeBytes { raw -> Result<[CSVRecord], CSVError> in
            var bytes = raw.bindMemory(to: UInt8.self)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeBufferPointer(rebasing: bytes[3...]) }
            var parser = CSVBlockParser(options: options)
            var records: [CSVRecord] = []
            do throws(CSVError) {
                try parser.parse(bytes, final: true, into: &records)
                return .success(records)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Every record of `data`, read as it is: lenient, invalid UTF-8 decoded as U+FFFD (this never fails).
    public static func records(in data: Data, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        // A lenient reader that does not check text has no error to throw; were that ever to change, stop rather
        // than hand back no records (an empty list screens nobody).
        do {
            return try records(in: data, options: CSVOptions(delimiter: delimiter, mode: .lenient, checksText: false))
        } catch {
            preconditionFailure("a lenient CSV read without text checks reported \(error)")
        }
    }

    /// Every record of `data`, lenient; a field that is not valid UTF-8 or holds a control character
    /// (line breaks inside a quoted field are kept) is an error naming its line and column.
    public static func checkedRecords(in data: Data, delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVError) -> [CSVRecord] {
        try records(in: data, options: CSVOptions(delimiter: delimiter, mode: .lenient))
    }
}
