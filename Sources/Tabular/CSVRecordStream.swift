import Foundation

/// Cuts a stream of CSV bytes into complete records, so a file of any length is read in constant memory.
///
/// Feed it chunks as they are read; it returns the records that are complete so far (a quoted field
/// may hold newlines and span chunks) with their line numbers in the whole stream. Fields are
/// checked as `CSVReader.checkedRecords` checks them: a field that is not valid UTF-8 or holds a
/// control character is an error naming its line (in the whole stream) and column.
public struct CSVRecordStream: Sendable {
    private var pending: [UInt8] = []
    private var scanned = 0
    private var inQuotes = false
    /// Whether the next byte begins a field: only there does a quote open a quoted field, as in `CSVReader`.
    private var atFieldStart = true
    /// Whether the last byte closed a quoted field (a quote right after it is an escaped quote).
    private var justClosed = false
    private var linesBefore = 0

    public init() {}

    /// The records completed by `chunk`.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(CSVInputError) -> [CSVRecord] {
        pending.append(contentsOf: chunk)
        var boundary = -1
        var index = scanned
        while index < pending.count {
            let byte = pending[index]
            var closed = false
            if inQuotes {
                if byte == 0x22 {
                    inQuotes = false
                    closed = true
                }
            } else if byte == 0x22 && (atFieldStart || justClosed) {
                inQuotes = true  // a field opening, or the second quote of a doubled `""`
            } else if byte == 0x0A {
                boundary = index + 1
            }
            justClosed = closed
            atFieldStart = !inQuotes && (byte == 0x2C || byte == 0x0A || byte == 0x0D)
            index += 1
        }
        scanned = pending.count
        guard boundary > 0 else { return [] }
        let records = try take(boundary)
        scanned = pending.count
        return records
    }

    /// The records left when the stream ends, including a last line without a newline.
    public mutating func finish() throws(CSVInputError) -> [CSVRecord] {
        try take(pending.count)
    }

    private mutating func take(_ count: Int) throws(CSVInputError) -> [CSVRecord] {
        let block = Data(pending[0..<count])
        pending.removeFirst(count)
        var records: [CSVRecord]
        do {
            records = try CSVReader.checkedRecords(in: block)
        } catch {
            throw CSVInputError(line: error.line + linesBefore, column: error.column, problem: error.problem)
        }
        for index in records.indices { records[index].line += linesBefore }
        linesBefore += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return records
    }
}
