import Audit
import DataFormats
import Foundation
import Tariffs

/// A purchase ledger assessed line by line (the CSV `clearance duty --input` reads): the summary by layer, origin
/// and HTS chapter, at the ledger's dates and at a what-if date when asked, and the lines that could not be
/// assessed, each naming its line and field.
public struct LedgerReport: Sendable {
    public var summary: LedgerSummary
    /// The first `ComplianceService.ledgerErrorsShown` lines that could not be assessed, in line order.
    public var errors: [LineError]
    /// The audit record of the run.
    public var auditSequence: Int64

    /// A ledger line that could not be assessed: its 1-based line in the file, the column (or `row`) and why.
    public struct LineError: Sendable, Hashable {
        public var line: Int
        public var field: String
        public var message: String
    }
}

/// A ledger assessed, before its audit record is written: what `runLedger` reports, and the record to write.
public struct LedgerAssessment: Sendable {
    public var summary: LedgerSummary
    /// The first `ComplianceService.ledgerErrorsShown` lines that could not be assessed, in line order.
    public var errors: [LedgerReport.LineError]
    /// The `duty.ledger` audit record of the run.
    public var audit: AuditDraft
}

extension ComplianceService {
    /// The largest ledger `runLedger` takes, in bytes.
    public static let ledgerUploadLimit = 1024 * 1024
    /// How many line errors a report lists (all are counted in `summary.errors`).
    public static let ledgerErrorsShown = 100
    /// Lines assessed between two progress reports.
    public static let ledgerSlice = 2_000

    /// Assesses every line of the ledger `csv` (header `hts, origin, value, date` and the optional fact columns),
    /// lines without a date at `defaultDate`, each also at `compareDate` when given; audits the run with `actor`.
    /// A ledger that cannot be run at all (too large, not UTF-8 CSV, no usable header, a what-if date before the
    /// tariff data) is `InvalidInput` naming the place; a line that cannot be assessed is listed, never dropped.
    public func runLedger(csv: Data, name: String, defaultDate: CivilDate?, compareDate: CivilDate?, actor: String) async throws -> LedgerReport {
        let assessed = try assessLedger(csv: csv, name: name, defaultDate: defaultDate, compareDate: compareDate, actor: actor)
        let record = try await store.appendAudit(assessed.audit)
        return LedgerReport(summary: assessed.summary, errors: assessed.errors, auditSequence: record.sequence)
    }

    /// What `runLedger` does before it writes its audit record: the summary, the first line errors and the
    /// `duty.ledger` audit record (by `actor`) to write; `progress` is told the lines done of the total as the run
    /// goes (in slices of `ledgerSlice` lines). The same refusals as `runLedger`.
    public func assessLedger(
        csv: Data, name: String, defaultDate: CivilDate?, compareDate: CivilDate?, actor: String,
        progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws -> LedgerAssessment {
        guard csv.count <= Self.ledgerUploadLimit else {
            throw InvalidInput("ledger", "\(name) is \(csv.count) bytes; a ledger may be up to \(Self.ledgerUploadLimit) bytes (run larger ones with clearance duty --input)")
        }
        let calculator = try trade.duty()
        if let compareDate, compareDate < calculator.data.coverage.lowerBound {
            throw InvalidInput(
                "compare_date", "compare_date: \(compareDate) is before the tariff data, which begins with entries on \(calculator.data.coverage.lowerBound)")
        }
        let records: [CSVRecord]
        do {
            records = try CSVReader.checkedRecords(in: csv)
        } catch {
            throw InvalidInput("line \(error.line).column \(error.column)", "\(name): \(error.description)")
        }
        guard let header = records.first else {
            throw InvalidInput("ledger", "\(name) is empty; it needs a header row with hts, origin, value and date")
        }
        let columns: LedgerColumns
        do {
            columns = try LedgerColumns(header: header, defaultDate: defaultDate)
        } catch {
            throw InvalidInput("line \(error.line).\(error.field)", "\(name): \(error.description)")
        }
        let output: LedgerRun.Output = compareDate == nil ? .assessments : .comparisons
        let run = LedgerRun(calculator: calculator, columns: columns, compareDate: compareDate, output: output)
        let lines = records.dropFirst()
        var parts: [[UInt8]] = []
        var summary = LedgerSummary(compareDate: compareDate)
        progress(0, lines.count)
        var start = lines.startIndex
        while start < lines.endIndex {
            let end = min(start + Self.ledgerSlice, lines.endIndex)
            let slice = run.run(Array(lines[start..<end]))
            parts += slice.parts
            summary.merge(slice.summary)
            progress(end - lines.startIndex, lines.count)
            start = end
        }
        let errors = try Self.lineErrors(parts, limit: Self.ledgerErrorsShown)
        var result = "\(name): \(summary.total.lines) lines, \(summary.errors) with errors, duty USD \(summary.total.duty)"
        if let compareDate { result += "; at \(compareDate) USD \(summary.total.compareDuty)" }
        return LedgerAssessment(
            summary: summary, errors: errors, audit: AuditDraft(actor: actor, action: "duty.ledger", input: csv, result: result, versions: calculator.data.version))
    }

    /// The error lines of a run's output (`{"line", "field", "error"}`), the first `limit` of them.
    static func lineErrors(_ parts: [[UInt8]], limit: Int) throws -> [LedgerReport.LineError] {
        var errors: [LedgerReport.LineError] = []
        let marker = Array(#""error":"#.utf8)
        for part in parts {
            for line in part.split(separator: UInt8(ascii: "\n")) where errors.count < limit && line.firstRange(of: marker) != nil {
                guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                    let number = object["line"] as? Int, let field = object["field"] as? String, let message = object["error"] as? String
                else {
                    errors.append(LedgerReport.LineError(line: 0, field: "row", message: "an error line of the run cannot be read: " + String(decoding: line, as: UTF8.self)))
                    continue
                }
                errors.append(LedgerReport.LineError(line: number, field: field, message: message))
            }
        }
        return errors
    }
}
