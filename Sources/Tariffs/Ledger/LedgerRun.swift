import Foundation
import DataFormats

/// Assesses the lines of a purchase ledger on every core, in input order: one JSON line per ledger
/// line (the assessment, or its comparison between two dates, or the error), and the summary.
public struct LedgerRun: Sendable {
    /// What each output line holds.
    public enum Output: Sendable {
        /// Nothing per line (a summary only).
        case none
        /// The full assessment of each line.
        case assessments
        /// Each line's totals at its date and at the comparison date, and the layers that change.
        case comparisons
    }

    let calculator: DutyCalculator
    let columns: LedgerColumns
    let compareDate: CivilDate?
    let output: Output

    /// A run over lines with `columns`, compared at `compareDate` when given.
    public init(calculator: DutyCalculator, columns: LedgerColumns, compareDate: CivilDate?, output: Output) {
        self.calculator = calculator
        self.columns = columns
        self.compareDate = compareDate
        self.output = output
    }

    /// The output lines (each ending in a newline), in parts to be written in order, and the summary of `records`.
    public func run(_ records: [CSVRecord]) -> (parts: [[UInt8]], summary: LedgerSummary) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, records.count / 256))
        let slots = ConcurrentSlots<([UInt8], LedgerSummary)>(count: workers)
        let size = (records.count + workers - 1) / max(workers, 1)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let part = records[min(records.count, worker * size)..<min(records.count, (worker + 1) * size)]
            slots.set(worker, process(part))
        }
        var parts: [[UInt8]] = []
        var summary = LedgerSummary(compareDate: compareDate)
        for slot in slots.values {
            guard let (part, partSummary) = slot else { continue }
            parts.append(part)
            summary.merge(partSummary)
        }
        return (parts, summary)
    }

    private func process(_ records: ArraySlice<CSVRecord>) -> ([UInt8], LedgerSummary) {
        var writer = JSONWriter()
        var lines = JSONLines()
        var summary = LedgerSummary(compareDate: compareDate)
        for record in records {
            if record.fields.allSatisfy({ $0.trimmedSpaces.isEmpty }) { continue }
            let id = columns.id(record)
            writer.reset()
            do throws(LedgerError) {
                let request = try columns.request(record)
                let answer: DutyAssessment
                do {
                    answer = try calculator.assess(request)
                } catch {
                    throw LedgerError(line: record.line, field: error.field, message: error.description)
                }
                var compared: DutyAssessment?
                if let compareDate {
                    var other = request
                    other.date = compareDate
                    do {
                        compared = try calculator.assess(other)
                    } catch {
                        throw LedgerError(line: record.line, field: "compare_date", message: error.description)
                    }
                }
                summary.add(answer, compare: compared)
                switch output {
                case .none: continue
                case .assessments: answer.write(to: &writer, line: record.line, id: id)
                case .comparisons: Self.compare(answer, compared!, line: record.line, id: id, into: &writer)
                }
            } catch {
                summary.addError()
                if case .none = output { continue }
                writer.openObject()
                writer.key("line"); writer.number(record.line)
                if let id {
                    writer.key("id")
                    writer.string(id)
                }
                writer.key("field"); writer.string(error.field)
                writer.key("error"); writer.string(error.description)
                writer.closeObject()
            }
            lines.append(writer)
        }
        return (lines.bytes, summary)
    }

    /// `{"line","id","hts","origin","value","date","total_rate_percent","total_amount","compare_date",
    /// "compare_total_rate_percent","compare_total_amount","difference","added":[…],"removed":[…],"conditional"}`.
    private static func compare(_ answer: DutyAssessment, _ other: DutyAssessment, line: Int, id: String?, into writer: inout JSONWriter) {
        func headings(_ assessment: DutyAssessment) -> [String] {
            assessment.layers.filter { $0.inTotal && $0.kind != .mfn && $0.kind != .column2 }.map { "\($0.heading) \($0.rate)%" }
        }
        let before = headings(answer)
        let after = headings(other)
        writer.openObject()
        writer.key("line"); writer.number(line)
        if let id {
            writer.key("id")
            writer.string(id)
        }
        writer.key("hts"); writer.string(answer.request.hts.description)
        writer.key("origin"); writer.string(answer.request.origin)
        writer.key("value"); writer.number(answer.request.value.description)
        writer.key("date"); writer.string(answer.request.date.description)
        writer.key("total_rate_percent"); writer.number(answer.totalRate.description)
        writer.key("total_amount"); writer.number(answer.totalAmount.description)
        writer.key("compare_date"); writer.string(other.request.date.description)
        writer.key("compare_total_rate_percent"); writer.number(other.totalRate.description)
        writer.key("compare_total_amount"); writer.number(other.totalAmount.description)
        writer.key("difference"); writer.number((other.totalAmount - answer.totalAmount).description)
        writer.key("added"); writer.strings(after.filter { !before.contains($0) })
        writer.key("removed"); writer.strings(before.filter { !after.contains($0) })
        writer.key("conditional"); writer.bool(answer.isConditional || other.isConditional)
        writer.closeObject()
    }
}
