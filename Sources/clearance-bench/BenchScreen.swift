import ArgumentParser
import CommandSupport
import Foundation
import Screening

/// `clearance-bench screen`: in-process timings of index build and queries, as medians of several runs.
struct BenchScreen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Measure list loading, index build and query latency in-process (build with -c release).",
        discussion: """
            Queries are the listed names themselves, altered as analysts' input is (words swapped, one \
            letter changed, lowercased), plus names that are on no list. scripts/bench adds the \
            end-to-end figures (cold process, batch through the CLI) with hyperfine.
            """
    )

    @Option(help: "How many times to build the index.")
    var builds = 5

    @Option(help: "How many queries to time.")
    var queries = 20_000

    @Option(help: "text or json.")
    var format: String = "text"

    @OptionGroup var lists: ListSelection

    func run() throws {
        var loadTimes: [Double] = []
        var loaded: [ParsedList] = []
        for _ in 0..<builds {
            let start = DispatchTime.now()
            loaded = try ListLoader.load(directory: lists.directory, sources: lists.selectedSources)
            loadTimes.append(Measure.seconds(since: start))
        }
        var buildTimes: [Double] = []
        var index = ScreeningIndex(lists: loaded)
        for _ in 0..<builds {
            let start = DispatchTime.now()
            index = ScreeningIndex(lists: loaded)
            buildTimes.append(Measure.seconds(since: start))
        }
        let snapshot = IndexSnapshot.encode(lists: loaded, index: index)
        var snapshotTimes: [Double] = []
        for _ in 0..<builds {
            let start = DispatchTime.now()
            index = try IndexSnapshot.decode(snapshot).index
            snapshotTimes.append(Measure.seconds(since: start))
        }
        let screener = Screener(index: index)
        let workload = Self.workload(from: index.entities, count: queries)
        var session = screener.makeSession()
        for query in workload.prefix(500) { _ = session.screen(query) }
        var latencies: [Double] = []
        latencies.reserveCapacity(workload.count)
        var matched = 0
        for query in workload {
            let start = DispatchTime.now()
            if !session.screen(query).isEmpty { matched += 1 }
            latencies.append(Measure.seconds(since: start))
        }
        latencies.sort()

        var throughputs: [Double] = []
        for _ in 0..<3 {
            let start = DispatchTime.now()
            let chunks = ProcessInfo.processInfo.activeProcessorCount
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                var session = screener.makeSession()
                for index in stride(from: chunk, to: workload.count, by: chunks) { _ = session.screen(workload[index]) }
            }
            throughputs.append(Double(workload.count) / Measure.seconds(since: start))
        }
        let result = Result(
            entities: index.entities.count, names: index.nameCount, loadMedianSeconds: Measure.median(loadTimes),
            buildMedianSeconds: Measure.median(buildTimes), snapshotReadMedianSeconds: Measure.median(snapshotTimes),
            snapshotMB: Double(snapshot.count) / 1_048_576, queries: workload.count, queriesWithMatches: matched,
            p50Milliseconds: Measure.percentile(latencies, 0.5) * 1000, p99Milliseconds: Measure.percentile(latencies, 0.99) * 1000,
            parallelQueriesPerSecond: Measure.median(throughputs), cores: ProcessInfo.processInfo.activeProcessorCount,
            peakMemoryMB: Measure.peakMemoryMB())
        if format == "json" {
            print(try JSONReport.encode(result))
        } else {
            print("""
                lists: \(result.entities) entities, \(result.names) names
                load lists (median of \(builds)):  \(String(format: "%.1f", result.loadMedianSeconds * 1000)) ms
                build index (median of \(builds)): \(String(format: "%.1f", result.buildMedianSeconds * 1000)) ms
                read index snapshot (median of \(builds)): \(String(format: "%.1f", result.snapshotReadMedianSeconds * 1000)) ms (\(String(format: "%.1f", result.snapshotMB)) MB)
                single query, one thread (\(result.queries) queries, \(matched) with matches):
                  p50 \(String(format: "%.3f", result.p50Milliseconds)) ms, p99 \(String(format: "%.3f", result.p99Milliseconds)) ms
                in-process throughput on \(result.cores) cores (median of 3): \(Int(result.parallelQueriesPerSecond)) queries/s
                peak resident memory: \(String(format: "%.0f", result.peakMemoryMB)) MB
                """)
        }
    }

    private struct Result: Encodable {
        var entities: Int
        var names: Int
        var loadMedianSeconds: Double
        var buildMedianSeconds: Double
        var snapshotReadMedianSeconds: Double
        var snapshotMB: Double
        var queries: Int
        var queriesWithMatches: Int
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var parallelQueriesPerSecond: Double
        var cores: Int
        var peakMemoryMB: Double
    }

    /// Listed names altered deterministically (every third one untouched), and names on no list.
    static func workload(from entities: [Entity], count: Int) -> [ScreeningQuery] {
        var generator = SplitMix(seed: 42)
        let invented = ["Johann", "Maria", "Keller", "Oakwood", "Fernandez", "Lindqvist", "Tanaka", "Baker", "Holdings", "Rivera"]
        var queries: [ScreeningQuery] = []
        queries.reserveCapacity(count)
        while queries.count < count && !entities.isEmpty {
            let entity = entities[Int(generator.next() % UInt64(entities.count))]
            var words = entity.name.split(separator: " ").map(String.init)
            switch generator.next() % 4 {
            case 0:
                words.reverse()
            case 1:
                if let longest = words.indices.max(by: { words[$0].count < words[$1].count }), words[longest].count > 4 {
                    var letters = Array(words[longest])
                    letters[letters.count / 2] = "e"
                    words[longest] = String(letters)
                }
            case 2:
                words = (0..<3).map { _ in invented[Int(generator.next() % UInt64(invented.count))] }
            default:
                words = words.map { $0.lowercased() }
            }
            queries.append(ScreeningQuery(name: words.joined(separator: " ")))
        }
        return queries
    }
}
