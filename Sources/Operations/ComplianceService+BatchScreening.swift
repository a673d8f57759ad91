import Audit
import DataFormats
import Foundation
import Screening
import Store

/// What a batch screening of a CSV file gave: one result line per row in each format, and its counts.
public struct BatchScreeningResult: Sendable, Hashable {
    /// `clearance screen --input … --format csv`'s output: the header and one line per row.
    public var csv: String
    /// `--format jsonl`'s output: one JSON object per row.
    public var jsonLines: String
    public var rows: Int
    public var matches: Int
    /// Rows that could not be screened (each has its error, with its line, in both outputs).
    public var failures: Int
    /// The first row that could not be screened, e.g. `line 4: field dob: '1990-13' is not a date …`.
    public var firstFailure: String?
}

extension ComplianceService {
    /// How many rows are screened between two progress reports.
    static let batchChunk = 256

    /// Screens every row of a CSV file of parties (header `id,name,type,country,dob`, as `clearance screen --input`
    /// reads it) against the active lists, off the request threads, reporting rows done to `progress`. Returns the
    /// results in the CLI's CSV and JSON Lines formats and the audit record of the whole batch (`screen`, as the
    /// API's batch writes it, with `actor`), for the caller to write with its outcome. A row that cannot be screened
    /// gets its error line (as the CLI writes it) and is counted.
    /// - Throws: `InvalidInput` naming the line when the file is empty, its header is wrong, or its text cannot be read.
    public func screenBatch(
        csv data: Data, options: ScreeningOptions = ScreeningOptions(), actor: String, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws(InvalidInput) -> (result: BatchScreeningResult, audit: AuditDraft) {
        let records: [CSVRecord]
        do {
            records = try CSVReader.records(in: data, options: .input)
        } catch {
            throw InvalidInput("line \(error.line)", "line \(error.line), column \(error.column): \(error.problem)")
        }
        guard let first = records.first else { throw InvalidInput("line 1", "the CSV is empty; it needs a header id,name,type,country,dob") }
        let header: BatchHeader
        do {
            header = try BatchHeader(first)
        } catch {
            throw InvalidInput("line \(error.line)", error.description)
        }
        let rows = records.dropFirst().filter { !$0.fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        let state = lists.current
        var csv = (BatchOutput(format: .csv).header ?? "") + "\n"
        var jsonLines = ""
        var matches = 0
        var failures = 0
        var firstFailure: String?
        var top: Match?
        var start = rows.startIndex
        progress(0, rows.count)
        while start < rows.endIndex {
            let chunk = Array(rows[start..<min(start + Self.batchChunk, rows.endIndex)])
            let screened = await Self.screenOffThread(chunk, header: header, sessions: state.sessions, options: options)
            for (id, result) in screened {
                csv += BatchOutput(format: .csv).line(id: id, result: result) + "\n"
                jsonLines += BatchOutput(format: .jsonl).line(id: id, result: result) + "\n"
                switch result {
                case .success(let found):
                    matches += found.count
                    if let best = found.first, best.score > (top?.score ?? -1) { top = best }
                case .failure(let error):
                    failures += 1
                    if firstFailure == nil { firstFailure = error.description }
                }
            }
            start += chunk.count
            progress(start - rows.startIndex, rows.count)
        }
        let summary = "\(rows.count) \(rows.count == 1 ? "query" : "queries"), \(matches) matches"
            + (top.map { "; top \($0.entityID) \(String(format: "%.3f", $0.score))" } ?? "")
            + (failures == 0 ? "" : "; \(failures) rows not screened")
        return (
            BatchScreeningResult(
                csv: csv, jsonLines: jsonLines, rows: rows.count, matches: matches, failures: failures, firstFailure: firstFailure),
            AuditDraft(actor: actor, action: "screen", input: data, result: summary, versions: state.versions)
        )
    }

    /// Screens `records` on a dispatch thread (screening is synchronous work; the request threads stay free).
    static func screenOffThread(
        _ records: [CSVRecord], header: BatchHeader, sessions: ScreeningSessions, options: ScreeningOptions
    ) async -> [(String?, Result<[Match], BatchInputError>)] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let queries = records.map { header.query(from: $0) }
                let valid = queries.compactMap { try? $0.query.get() }
                var found = sessions.screen(valid, options: options).makeIterator()
                let results = queries.map { id, query -> (String?, Result<[Match], BatchInputError>) in
                    switch query {
                    case .success: (id, .success(found.next() ?? []))
                    case .failure(let error): (id, .failure(error))
                    }
                }
                continuation.resume(returning: results)
            }
        }
    }
}
