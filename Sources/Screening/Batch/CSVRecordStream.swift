import Foundation

/// Cuts a stream of CSV bytes into complete records, so a file of any length is read in constant memory.
///
/// Feed it chunks as they are read; it returns the records that are complete so far (a quoted field
/// may hold newlines and span chunks) with their line numbers in the whole stream.
public struct CSVRecordStream: Sendable {
    private var pending: [UInt8] = []
    private var scanned = 0
    private var inQuotes = false
    private var linesBefore = 0

    public init() {}

    /// The records completed by `chunk`.
    public mutating func feed(_ chunk: some Sequence<UInt8>) -> [CSVRecord] {
        pending.append(contentsOf: chunk)
        var boundary = -1
        var index = scanned
        while index < pending.count {
            let byte = pending[index]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if byte == 0x0A && !inQuotes {
                boundary = index + 1
            }
            index += 1
        }
        scanned = pending.count
        guard boundary > 0 else { return [] }
        let records = take(boundary)
        scanned = pending.count
        return records
    }

    /// The records left when the stream ends, including a last line without a newline.
    public mutating func finish() -> [CSVRecord] {
        take(pending.count)
    }

    private mutating func take(_ count: Int) -> [CSVRecord] {
        let block = Data(pending[0..<count])
        pending.removeFirst(count)
        var records = CSVReader.records(in: block)
        for index in records.indices { records[index].line += linesBefore }
        linesBefore += block.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return records
    }
}
