import ArgumentParser
import Determination
import Foundation
import Screening
import DataFormats

/// Streams a CSV file of transactions through the determiner, one JSON line per row, in input order.
struct DetermineBatch {
    let path: String
    let determiner: Determiner
    let parties: LazyPartyScreener?
    let format: String
    let summary: Bool

    /// Determines every row and returns how many rows could not be determined.
    func run() throws -> Int {
        let handle = try InputFile.open(path)
        var stream = CSVReader()
        var columns: BatchColumns?
        var counts = BatchSummary()
        let writeRows = format == "jsonl"
        let output = FileHandle.standardOutput

        func process(_ records: [CSVRecord]) throws {
            var lines = JSONLines()
            for record in records {
                guard let header = columns else {
                    do {
                        columns = try BatchColumns(header: record)
                    } catch {
                        throw ValidationError("\(path): \(error.description)")
                    }
                    continue
                }
                if record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                let id = header.id(record)
                do {
                    guard record.complete else { throw RowError("the row ends inside a quoted field") }
                    let names = header.parties(record)
                    var screenings: [PartyScreening] = []
                    if !names.isEmpty, let parties {
                        let loaded = try parties.value
                        screenings = names.map { loaded.screen($0) }
                    }
                    let request = try determiner.request(from: header.input(record), parties: screenings)
                    let answer = try determiner.determine(request)
                    counts.add(answer)
                    if writeRows { lines.append(answer.jsonLine(line: record.line, id: id)) }
                } catch let error as DeterminationError {
                    counts.addError()
                    if writeRows { lines.append(Determination.errorLine("line \(record.line): \(error.description)", line: record.line, id: id)) }
                } catch let error as RowError {
                    counts.addError()
                    if writeRows { lines.append(Determination.errorLine("line \(record.line): \(error.message)", line: record.line, id: id)) }
                }
            }
            if !lines.isEmpty { output.write(lines.data) }
        }

        while true {
            let chunk = try handle.read(upToCount: InputFile.chunkSize) ?? Data()
            if chunk.isEmpty { break }
            try process(stream.feed(chunk, path: path))
        }
        try process(stream.finish(path: path))
        guard columns != nil else { throw ValidationError("\(path): the file is empty; it needs a header row with eccn and destination") }
        if summary {
            let text: String
            if format == "json" {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                text = String(decoding: (try? encoder.encode(counts)) ?? Data(), as: UTF8.self)
            } else {
                text = counts.text
            }
            let target = writeRows ? FileHandle.standardError : output
            target.write(Data((text + "\n").utf8))
        }
        return counts.errors
    }

    private struct RowError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }
}
