import ArgumentParser
import BundledData
import Foundation
import DataFormats
import Tariffs

/// `clearance-bench duty`: duty assessments per second in-process, and a generated ledger for the CLI figure.
struct BenchDuty: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "duty",
        abstract: "Measure duty assessments per second in-process, on one thread and on every core (build with -c release).",
        discussion: """
            The workload is a purchase ledger drawn from the whole 2025 schedule (8- and 10-digit numbers), \
            origins weighted like US imports (China, Mexico, Canada, the EU, Vietnam, Japan, ...), entry dates \
            across the data's coverage and values from USD 100 to 100,000. --write-ledger writes the same kind \
            of ledger as CSV for timing `clearance duty --input` (scripts/bench-tariffs).
            """
    )

    @Option(help: "How many assessments per timed run.")
    var lines = 200_000

    @Option(help: "How many timed runs (the median is reported).")
    var runs = 5

    @Option(name: .customLong("write-ledger"), help: ArgumentHelp("Write a ledger of --lines lines to this CSV file and exit.", valueName: "FILE.csv"))
    var writeLedger: String?

    func run() throws {
        var loadTimes: [Double] = []
        var data: TariffData?
        for _ in 0..<(writeLedger == nil ? runs : 1) {
            let start = DispatchTime.now()
            data = try TariffData(directory: BundledData.tariffsDirectory)
            loadTimes.append(Measure.seconds(since: start))
        }
        guard let data else { return }
        let requests = Self.ledger(data, count: writeLedger == nil ? min(lines, 100_000) : lines)
        if let writeLedger {
            var text = "id,hts,origin,value,date,usmca_qualifying\n"
            text.reserveCapacity(lines * 48)
            for (index, request) in requests.enumerated() {
                text += "L\(index + 1),\(request.hts),\(request.origin),\(request.value),\(request.date),\(request.facts.usmcaQualifying ? "yes" : "")\n"
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: writeLedger))
            print("wrote \(requests.count) lines to \(writeLedger)")
            return
        }
        let calculator = DutyCalculator(data: data)
        var oneThread: [Double] = []
        var allCores: [Double] = []
        let workers = ProcessInfo.processInfo.activeProcessorCount
        for _ in 0..<runs {
            var start = DispatchTime.now()
            var layers = 0
            for index in 0..<lines {
                layers &+= try calculator.assess(requests[index % requests.count]).layers.count
            }
            oneThread.append(Double(lines) / Measure.seconds(since: start))
            start = DispatchTime.now()
            let counts = ConcurrentSlots<Int>(count: workers)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var count = 0
                var index = worker
                while index < lines {
                    count &+= (try? calculator.assess(requests[index % requests.count]).layers.count) ?? 0
                    index += workers
                }
                counts.set(worker, count)
            }
            allCores.append(Double(lines) / Measure.seconds(since: start))
            layers &+= counts.values.reduce(0) { $0 + ($1 ?? 0) }
            if layers == 0 { print("no layers") }
        }
        print("""
            load the tariff tables (median of \(runs)): \(String(format: "%.0f", Measure.median(loadTimes) * 1000)) ms
            workload: \(requests.count) distinct ledger lines
            one thread, \(lines) assessments (median of \(runs)): \(Int(Measure.median(oneThread))) per second (\(String(format: "%.2f", 1e6 / Measure.median(oneThread))) µs each)
            \(workers) cores, \(lines) assessments (median of \(runs)): \(Int(Measure.median(allCores))) per second
            """)
    }

    /// A deterministic ledger across the schedule, the origins and the covered dates.
    static func ledger(_ data: TariffData, count: Int) -> [DutyRequest] {
        var generator = SplitMix(seed: 11)
        let subheadings = data.subheadings.filter { !$0.digits.hasPrefix("98") }
        let origins: [(String, Int)] = [
            ("CN", 22), ("MX", 14), ("CA", 12), ("DE", 6), ("VN", 7), ("JP", 5), ("KR", 4), ("TW", 4), ("IN", 3),
            ("GB", 2), ("IT", 2), ("FR", 2), ("IE", 2), ("CH", 2), ("TH", 2), ("MY", 2), ("BR", 1), ("SG", 1),
            ("HK", 1), ("ID", 1), ("RU", 1), ("AU", 1), ("NL", 1), ("IL", 1), ("PH", 1),
        ]
        let weights = origins.reduce(0) { $0 + $1.1 }
        let firstDay = CivilDate("2025-01-01")!
        var days: [CivilDate] = []
        var day = firstDay
        while day <= data.coverage.upperBound {
            days.append(day)
            day = day.nextDay
        }
        var requests: [DutyRequest] = []
        requests.reserveCapacity(count)
        while requests.count < count {
            var code = subheadings[Int(generator.next() % UInt64(subheadings.count))]
            if generator.next() % 2 == 0 {
                let numbers = data.statisticalNumbers(under: code)
                if !numbers.isEmpty { code = numbers[Int(generator.next() % UInt64(numbers.count))] }
            }
            var pick = Int(generator.next() % UInt64(weights))
            var origin = origins[0].0
            for (country, weight) in origins {
                if pick < weight {
                    origin = country
                    break
                }
                pick -= weight
            }
            let value = USD(cents: Int64(10_000 + generator.next() % 9_990_000))
            let date = days[Int(generator.next() % UInt64(days.count))]
            let usmca = (origin == "MX" || origin == "CA") && generator.next() % 2 == 0
            requests.append(
                DutyRequest(hts: code, origin: origin, value: value, date: date, facts: DutyFacts(usmcaQualifying: usmca)))
        }
        return requests
    }
}
