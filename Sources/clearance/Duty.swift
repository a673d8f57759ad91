import ArgumentParser
import BundledData
import Foundation
import DataFormats
import Tariffs

/// `clearance duty`: the US duty on one entry line, or on a whole purchase ledger, layer by layer.
struct Duty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duty",
        abstract: "Stack every US duty layer on an entry (MFN, Section 301, 232, IEEPA, Section 122) with headings, rates and why.",
        discussion: """
            Rates are evaluated at --date; dates before the data begins are refused, and a date after \
            the tables' compilation date is assessed on them with their age stated (data_age_days) and is \
            conditional once a table is past its age limit. A layer that depends on a fact \
            the input lacks (automobile part, metal content value, the 10-digit number) is listed under needs and the \
            total says it is conditional.

            Ledger: --input FILE.csv with columns hts, origin, value, date (or --date) and optionally id, \
            usmca_qualifying, automobile_part, steel_content, aluminum_content, copper_content, transshipped.
            """)

    @Option(help: ArgumentHelp("The HTS number, 8 or 10 digits, with or without dots (8471.30.01, 8517.62.0010).", valueName: "HTS"))
    var hts: String?

    @Option(help: ArgumentHelp("The country of origin, ISO 3166 alpha-2 (CN, DE, MX).", valueName: "CC"))
    var origin: String?

    @Option(help: ArgumentHelp("The customs value in US dollars.", valueName: "USD"))
    var value: String?

    @Option(help: ArgumentHelp("The date of entry; with --input, the date of lines without one.", valueName: "YYYY-MM-DD"))
    var date: String?

    @Flag(name: .customLong("usmca-qualifying"), help: "The goods qualify for USMCA preference and it is claimed.")
    var usmcaQualifying = false

    @Option(name: .customLong("automobile-part"), help: ArgumentHelp("Whether the good is a vehicle part under the Section 232 parts annexes.", valueName: "yes|no"))
    var automobilePart: String?

    @Option(name: .customLong("steel-content"), help: ArgumentHelp("The value of the steel content (for duties on steel content only).", valueName: "USD"))
    var steelContent: String?

    @Option(name: .customLong("aluminum-content"), help: ArgumentHelp("The value of the aluminium content.", valueName: "USD"))
    var aluminumContent: String?

    @Option(name: .customLong("copper-content"), help: ArgumentHelp("The value of the copper content.", valueName: "USD"))
    var copperContent: String?

    @Flag(help: "CBP has determined the goods were transshipped (9903.02.01 replaces the reciprocal rate).")
    var transshipped = false

    @Option(help: ArgumentHelp("A CSV purchase ledger ('-' for standard input).", valueName: "FILE.csv"))
    var input: String?

    @Flag(help: "With --input: duty exposure by layer, origin and HTS chapter (on standard error when --format jsonl).")
    var summary = false

    @Option(name: .customLong("compare-date"), help: ArgumentHelp("With --input: what each line would owe on this date instead.", valueName: "YYYY-MM-DD"))
    var compareDate: String?

    @Option(help: "text or json for one line; jsonl with --input (text or json print the summary only).")
    var format: String?

    @Option(name: .customLong("tariff-data"), help: ArgumentHelp("A folder laid out like the bundled tariff tables (tables.json plus CSV files).", valueName: "DIR"))
    var tariffData: String?

    func validate() throws {
        if input == nil {
            guard hts != nil, origin != nil, value != nil, date != nil else {
                throw ValidationError("give --hts, --origin, --value and --date, or --input FILE.csv")
            }
            if summary || compareDate != nil { throw ValidationError("--summary and --compare-date need --input") }
            if let format, format != "text", format != "json" {
                throw ValidationError("--format must be text or json for one line, got '\(format)'")
            }
        } else {
            if hts != nil || origin != nil || value != nil {
                throw ValidationError("give either --input or --hts/--origin/--value, not both")
            }
            if let format, !["jsonl", "json", "text"].contains(format) {
                throw ValidationError("--format must be jsonl, json or text with --input, got '\(format)'")
            }
            if usmcaQualifying || automobilePart != nil || steelContent != nil || aluminumContent != nil || copperContent != nil
                || transshipped
            {
                throw ValidationError(
                    "with --input, give the facts as ledger columns (usmca_qualifying, automobile_part, steel_content, aluminum_content, copper_content, transshipped), not as options")
            }
        }
        if let automobilePart, !["yes", "no"].contains(automobilePart) {
            throw ValidationError("--automobile-part must be yes or no, got '\(automobilePart)'")
        }
    }

    func run() throws {
        let calculator = try loadCalculator()
        if let input {
            try runLedger(input, calculator)
            return
        }
        let request = try singleRequest()
        let answer: DutyAssessment
        do {
            answer = try calculator.assess(request)
        } catch {
            throw ValidationError(error.description)
        }
        print(format == "json" ? answer.json() : answer.text)
    }

    private func singleRequest() throws -> DutyRequest {
        var input = DutyInput(hts: hts ?? "", origin: origin ?? "", value: value ?? "", date: date ?? "")
        input.usmcaQualifying = usmcaQualifying
        input.automobilePart = automobilePart.map { $0 == "yes" }
        input.steelContent = steelContent
        input.aluminumContent = aluminumContent
        input.copperContent = copperContent
        input.transshipped = transshipped
        do throws(DutyError) {
            return try input.request()
        } catch {
            throw ValidationError(error.description)
        }
    }

    private func runLedger(_ path: String, _ calculator: DutyCalculator) throws {
        let defaultDate = try date.map { try parseDate($0, option: "--date") }
        let compare = try compareDate.map { try parseDate($0, option: "--compare-date") }
        if let compare, compare < calculator.data.coverage.lowerBound {
            throw ValidationError(
                "--compare-date: \(compare) is before the tariff data, which begins with entries on \(calculator.data.coverage.lowerBound)")
        }
        let format = self.format ?? (summary ? "text" : "jsonl")
        let writesLines = format == "jsonl"
        let handle = try InputFile.open(path)
        var stream = CSVReader()
        var run: LedgerRun?
        // Chunks are assessed (on every core) and written in order on one queue while the next chunk is read.
        let sink = LedgerSink(compareDate: compare)
        let queue = DispatchQueue(label: "clearance.duty.ledger")
        let inFlight = DispatchSemaphore(value: 2)

        func process(_ records: [CSVRecord]) throws {
            var records = records[...]
            if run == nil, let header = records.first {
                do {
                    let columns = try LedgerColumns(header: header, defaultDate: defaultDate)
                    run = LedgerRun(
                        calculator: calculator, columns: columns, compareDate: compare,
                        output: writesLines ? (compare == nil ? .assessments : .comparisons) : .none)
                } catch {
                    throw ValidationError("\(path): \(error.description)")
                }
                records = records.dropFirst()
            }
            guard let run, !records.isEmpty else { return }
            let batch = Array(records)
            inFlight.wait()
            queue.async {
                let (parts, part) = run.run(batch)
                sink.add(parts, part)
                inFlight.signal()
            }
        }

        while true {
            let chunk = try handle.read(upToCount: InputFile.chunkSize) ?? Data()
            if chunk.isEmpty { break }
            try process(stream.feed(chunk, path: path))
        }
        try process(stream.finish(path: path))
        queue.sync {}
        guard run != nil else { throw ValidationError("\(path): the file is empty; it needs a header row with hts, origin, value and date") }
        let total = sink.summary
        if summary || !writesLines {
            let text = format == "json" ? total.json : total.text
            (writesLines ? FileHandle.standardError : FileHandle.standardOutput).write(Data((text + "\n").utf8))
        }
        if total.errors > 0 { throw ExitCode.failure }
    }

    private func parseDate(_ text: String, option: String) throws -> CivilDate {
        guard let day = CivilDate(text) else { throw ValidationError("\(option): \"\(text)\" is not a date; give YYYY-MM-DD") }
        return day
    }

    private func loadCalculator() throws -> DutyCalculator {
        let directory = tariffData.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? BundledData.tariffsDirectory
        do {
            return DutyCalculator(data: try TariffData(directory: directory))
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Where ledger chunks land, in order: their lines on standard output, their counts in one summary.
///
/// `@unchecked Sendable` is sound: `summary` is only touched under the lock, and chunks arrive from one
/// serial queue, so their lines are written in input order.
private final class LedgerSink: @unchecked Sendable {
    private var total: LedgerSummary
    private let lock = NSLock()

    init(compareDate: CivilDate?) {
        total = LedgerSummary(compareDate: compareDate)
    }

    func add(_ parts: [[UInt8]], _ summary: LedgerSummary) {
        for part in parts where !part.isEmpty {
            FileHandle.standardOutput.write(Data(part))
        }
        lock.lock()
        total.merge(summary)
        lock.unlock()
    }

    var summary: LedgerSummary {
        lock.lock()
        defer { lock.unlock() }
        return total
    }
}
