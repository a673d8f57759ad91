import ArgumentParser
import CommandSupport
import BundledData
import Determination
import Foundation

/// `clearance-bench determine`: determinations per second in-process on one core, and the cost of loading the tables.
struct BenchDetermine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "determine",
        abstract: "Measure EAR determinations per second in-process, on one thread (build with -c release).",
        discussion: """
            The workload is every CCL entry, with paragraphs its rows name, to destinations across the \
            Country Chart, with end uses, values and facts mixed in as an order book would have them. \
            scripts/bench adds the cold-process figure with hyperfine.
            """
    )

    @Option(help: "How many determinations per timed run.")
    var determinations = 200_000

    @Option(help: "How many timed runs (the median is reported).")
    var runs = 5

    @Option(help: "text or json.")
    var format: String = "text"

    func run() throws {
        var loadTimes: [Double] = []
        var determiner: Determiner?
        for _ in 0..<runs {
            let start = DispatchTime.now()
            determiner = try Determiner(reference: ReferenceData(directory: BundledData.earDirectory))
            loadTimes.append(Measure.seconds(since: start))
        }
        guard let determiner else { return }
        let workload = try Self.workload(determiner, count: min(determinations, 50_000))
        var outcomes: [Outcome: Int] = [:]
        for request in workload { outcomes[try determiner.determine(request).outcome, default: 0] += 1 }
        var rates: [Double] = []
        var parsingRates: [Double] = []
        let inputs = workload.map(Self.input)
        for _ in 0..<runs {
            var start = DispatchTime.now()
            var findings = 0
            for index in 0..<determinations {
                findings &+= try determiner.determine(workload[index % workload.count]).findings.count
            }
            rates.append(Double(determinations) / Measure.seconds(since: start))
            start = DispatchTime.now()
            for index in 0..<determinations {
                let request = try determiner.request(from: inputs[index % inputs.count])
                findings &+= try determiner.determine(request).findings.count
            }
            parsingRates.append(Double(determinations) / Measure.seconds(since: start))
            if findings == 0 { print("no findings") }
        }
        let result = Result(
            tableLoadMedianSeconds: Measure.median(loadTimes), determinations: determinations, distinctRequests: workload.count,
            perSecondMedian: Measure.median(rates), perSecondWithInputCheckingMedian: Measure.median(parsingRates),
            outcomes: Dictionary(uniqueKeysWithValues: outcomes.map { ($0.key.rawValue, $0.value) }))
        if format == "json" {
            print(try JSONReport.encode(result))
        } else {
            let mix = Outcome.allCases.compactMap { outcome in outcomes[outcome].map { "\(outcome.rawValue) \($0)" } }
            print("""
                load and read the EAR tables (median of \(runs)): \(String(format: "%.1f", result.tableLoadMedianSeconds * 1000)) ms
                workload: \(workload.count) distinct requests (\(mix.joined(separator: ", ")))
                one thread, \(determinations) determinations (median of \(runs)): \(Int(result.perSecondMedian)) per second \
                (\(String(format: "%.2f", 1e6 / result.perSecondMedian)) µs each)
                with input checking from text fields: \(Int(result.perSecondWithInputCheckingMedian)) per second
                """)
        }
    }

    private struct Result: Encodable {
        var tableLoadMedianSeconds: Double
        var determinations: Int
        var distinctRequests: Int
        var perSecondMedian: Double
        var perSecondWithInputCheckingMedian: Double
        var outcomes: [String: Int]
    }

    /// Deterministic requests: every entry, bare and with each paragraph its rows name, to sampled destinations.
    static func workload(_ determiner: Determiner, count: Int) throws -> [DeterminationRequest] {
        var generator = SplitMix(seed: 7)
        let destinations = determiner.reference.countryChart.rows.map(\.code) + ["HK", "UA-43"]
        var items: [ItemClassification] = [ItemClassification("EAR99")!]
        for entry in determiner.reference.ccl.entries {
            items.append(ItemClassification(entry.eccn)!)
            for control in entry.controls {
                for word in (control.appliesTo ?? "").split(separator: " ") where word.hasPrefix(entry.eccn + ".") {
                    let text = word.trimmingCharacters(in: CharacterSet(charactersIn: ",;:()"))
                    if let item = ItemClassification(text), !items.contains(item) { items.append(item) }
                }
            }
        }
        let endUses = ["nuclear", "military", "military-intelligence", "missile"]
        var requests: [DeterminationRequest] = []
        requests.reserveCapacity(count)
        while requests.count < count {
            let item = items[Int(generator.next() % UInt64(items.count))]
            var request = DeterminationRequest(
                item: item, destination: destinations[Int(generator.next() % UInt64(destinations.count))])
            switch generator.next() % 10 {
            case 0: request.endUses = [endUses[Int(generator.next() % UInt64(endUses.count))]]
            case 1: request.valueUSD = Double(generator.next() % 5000)
            case 2: request.facts = ["component": true, "civil-telecommunications": false]
            case 3:
                request.endUserCountry = destinations[Int(generator.next() % UInt64(destinations.count))]
                request.parentCountry = "CN"
            default: break
            }
            requests.append(request)
        }
        return requests
    }

    static func input(_ request: DeterminationRequest) -> Determiner.Input {
        var input = Determiner.Input(eccn: request.item.description, destination: request.destination)
        input.endUses = request.endUses
        input.value = request.valueUSD.map { "\($0)" }
        input.facts = request.facts.map { "\($0.key)=\($0.value ? "yes" : "no")" }
        input.endUserCountry = request.endUserCountry
        input.parentCountry = request.parentCountry
        return input
    }
}
