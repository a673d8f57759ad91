import ArgumentParser
import Foundation
import Screening
import DataFormats

/// Streams a CSV file through the batch screener: read a chunk, screen its rows on every core, write.
struct BatchRun {
    let path: String
    let screener: Screener
    let options: ScreeningOptions
    let format: BatchOutput.Format

    /// Screens every row and returns how many rows could not be screened.
    func run() throws -> Int {
        let handle = try InputFile.open(path)
        var stream = CSVReader()
        var batch: BatchScreener?
        var failures = 0
        let output = FileHandle.standardOutput
        let progress = ProgressLine("rows screened")
        let size = path == "-" ? nil : (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        var rows = 0
        var read = 0
        if let header = BatchOutput(format: format).header { output.write(Data((header + "\n").utf8)) }

        func process(_ records: [CSVRecord]) throws {
            var records = records[...]
            if batch == nil, let first = records.first {
                do {
                    batch = BatchScreener(screener: screener, header: try BatchHeader(first), options: options, format: format)
                } catch {
                    throw ValidationError("\(path): \(error)")
                }
                records = records.dropFirst()
            }
            guard let batch, !records.isEmpty else { return }
            let result = batch.run(Array(records))
            failures += result.failures
            rows += records.count
            var text = result.lines.joined(separator: "\n")
            text += "\n"
            output.write(Data(text.utf8))
        }

        while true {
            let chunk = try handle.read(upToCount: InputFile.chunkSize) ?? Data()
            if chunk.isEmpty { break }
            read += chunk.count
            try process(stream.feed(chunk, path: path))
            progress.update(done: rows, fraction: size.map { Double(read) / Double(max($0, 1)) })
        }
        try process(stream.finish(path: path))
        progress.finish(done: rows)
        if batch == nil { throw ValidationError("\(path) is empty: the first line must name the columns id,name,type,country,dob") }
        return failures
    }
}
