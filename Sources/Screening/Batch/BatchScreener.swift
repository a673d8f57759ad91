import Foundation
import DataFormats

/// Screens blocks of batch rows on every core and returns their output lines in input order.
public struct BatchScreener: Sendable {
    public let screener: Screener
    public let header: BatchHeader
    public let options: ScreeningOptions
    public let format: BatchOutput.Format

    public init(screener: Screener, header: BatchHeader, options: ScreeningOptions, format: BatchOutput.Format) {
        self.screener = screener
        self.header = header
        self.options = options
        self.format = format
    }

    /// One output line per record, in order, and how many rows could not be screened.
    public func run(_ records: [CSVRecord]) -> (lines: [String], failures: Int) {
        guard !records.isEmpty else { return ([], 0) }
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, records.count / 64))
        let size = (records.count + workers - 1) / workers
        let results = ConcurrentSlots<(Int, [String], Int)>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var session = screener.makeSession()
            let output = BatchOutput(format: format)
            var lines: [String] = []
            var failures = 0
            let start = worker * size, end = min(records.count, start + size)
            if start < end {
                lines.reserveCapacity(end - start)
                for record in records[start..<end] {
                    let (id, query) = header.query(from: record)
                    switch query {
                    case .success(let query):
                        lines.append(output.line(id: id, result: .success(session.screen(query, options: options))))
                    case .failure(let error):
                        failures += 1
                        lines.append(output.line(id: id, result: .failure(error)))
                    }
                }
            }
            results.set(worker, (worker, lines, failures))
        }
        let chunks = results.values.compactMap { $0 }.sorted { $0.0 < $1.0 }
        return (chunks.flatMap(\.1), chunks.reduce(0) { $0 + $1.2 })
    }
}
