/// The tokenizer under `CSVReader`: reads blocks of whole records, carrying the line number from one
/// block to the next (a block that is not the last ends with a record's line break).
struct CSVBlockParser: Sendable {
    static let quote = UInt8(ascii: "\"")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let controlZ: UInt8 = 0x1A

    /// Whether `byte` may belong to the run that ends a text: line breaks and Ctrl-Z.
    @inline(__always)
    static func mayEndText(_ byte: UInt8) -> Bool {
        byte == lineFeed || byte == carriageReturn || byte == controlZ
    }

    let options: CSVOptions
    /// The line the next block starts on.
    private var line = 1
    private var scratch: [UInt8] = []

    init(options: CSVOptions) {
        self.options = options
    }

    /// Appends the records of `bytes` to `records`; `final` when the text ends with the block.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool, into records: inout [CSVRecord]) throws(CSVError) {
        let quote = Self.quote, lineFeed = Self.lineFeed, carriageReturn = Self.carriageReturn
        let delimiter = options.delimiter
        let strict = options.mode == .strict
        let checks = strict || options.checksText
        var end = bytes.count
        var endsWithLineBreak = false
        if final, !strict {
            while end > 0, Self.mayEndText(bytes[end - 1]) {
                endsWithLineBreak = endsWithLineBreak || bytes[end - 1] != Self.controlZ
                end -= 1
            }
        }

        var index = 0
        var fields: [String] = []
        var fault: CSVFault?
        var recordLine = line
        var fieldLine = line

        func text(_ field: UnsafeBufferPointer<UInt8>) throws(CSVError) -> String {
            if checks, let problem = InputText.problem(inUTF8: field, multiline: true) {
                throw CSVError(line: fieldLine, column: fields.count + 1, problem: .text(problem))
            }
            return String(decoding: field, as: UTF8.self)
        }
        func finishRecord(terminated: Bool) {
            let blank = !strict && fields.count == 1 && fields[0].isEmpty && fault == nil
            if !blank {
                records.append(CSVRecord(fields: fields, line: recordLine, complete: true, terminated: terminated, fault: fault))
            }
            fields.removeAll(keepingCapacity: true)
            fault = nil
        }
        func isFieldEnd(_ byte: UInt8) -> Bool {
            byte == delimiter || byte == lineFeed || byte == carriageReturn
        }

        while index < end {
            fieldLine = line
            let column = fields.count + 1
            if bytes[index] == quote {
                // Quoted field: copy byte runs between quotes, un-doubling `""`.
                scratch.removeAll(keepingCapacity: true)
                let openedOn = line
                index += 1
                var closed = false
                while index < end {
                    let runStart = index
                    while index < end, bytes[index] != quote {
                        if bytes[index] == lineFeed || (bytes[index] == carriageReturn && (index + 1 == end || bytes[index + 1] != lineFeed)) {
                            line += 1
                        }
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
                guard closed else {
                    if strict { throw CSVError(line: openedOn, column: column, problem: .unterminatedQuote) }
                    fields.append(try scratch.withUnsafeBufferPointer { (field) throws(CSVError) in try text(field) })
                    records.append(
                        CSVRecord(
                            fields: fields, line: recordLine, complete: false, terminated: false,
                            fault: .unterminatedQuote(column: column, line: openedOn)))
                    fields.removeAll()
                    break
                }
                // Text between the closing quote and the delimiter is kept (lenient) or refused (strict).
                let tailStart = index
                while index < end, !isFieldEnd(bytes[index]) {
                    index += 1
                }
                if index > tailStart {
                    if strict {
                        _ = try scratch.withUnsafeBufferPointer { (field) throws(CSVError) in try text(field) }
                        throw CSVError(line: line, column: column, problem: .strayQuote)
                    }
                    if fault == nil { fault = .textAfterClosingQuote(column: column) }
                    scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tailStart..<index]))
                }
                fields.append(try scratch.withUnsafeBufferPointer { (field) throws(CSVError) in try text(field) })
            } else {
                let fieldStart = index
                while index < end, !isFieldEnd(bytes[index]) {
                    if bytes[index] == quote {
                        if strict {
                            _ = try text(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index]))
                            throw CSVError(line: line, column: column, problem: .strayQuote)
                        }
                        if fault == nil { fault = .quoteInUnquotedField(column: column) }
                    }
                    index += 1
                }
                fields.append(try text(UnsafeBufferPointer(rebasing: bytes[fieldStart..<index])))
            }

            guard index < end else { break }
            switch bytes[index] {
            case delimiter:
                index += 1
                if index == end { fields.append("") }
            case carriageReturn:
                if index + 1 < end, bytes[index + 1] == lineFeed {
                    index += 2
                } else {
                    if strict { throw CSVError(line: line, column: column, problem: .bareCarriageReturn) }
                    index += 1
                }
                line += 1
                finishRecord(terminated: true)
                recordLine = line
            default:
                index += 1
                line += 1
                finishRecord(terminated: true)
                recordLine = line
            }
        }
        if !fields.isEmpty {
            finishRecord(terminated: endsWithLineBreak)
        }
    }
}
