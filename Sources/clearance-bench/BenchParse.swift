import ArgumentParser
import Foundation
import Screening

/// `clearance-bench parse`: how fast one list file is read into entities, in MB of file per second on one core.
struct BenchParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Measure how fast a list file is parsed on one core (MB/s of the file as given; build with -c release).",
        discussion: """
            The file is read once, then parsed --runs times as `clearance lists import` parses it (format from \
            its content unless --format is given; UTF-8 and well-formedness checks included); the median is \
            reported. A zipped file counts its zipped bytes and, separately, the bytes it inflates to.

            Examples:
              clearance-bench parse Tests/ScreeningTests/Fixtures/ofac_enhanced/CONS_ENHANCED.ZIP --source ofac-cons
              clearance-bench parse Data/lists/un/UN_consolidated.xml --source un --runs 9
            """)

    @Argument(help: ArgumentHelp("The list file.", valueName: "FILE")) var file: String
    @Option(help: "The source its entity ids get, e.g. ofac-sdn.") var source: String
    @Option(help: "The format, when not the one the content shows.") var format: String?
    @Option(help: "Timed runs (the median is reported).") var runs = 5

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        let data = try Data(contentsOf: url)
        let bytes = data.count
        guard let format = format ?? ListFormatDetection.detect(data) else {
            throw ValidationError("\(file): not a list format Clearance recognises; give --format")
        }
        let entry = ListManifest.Entry(source: source, name: source, format: format, files: .init(primary: url.lastPathComponent))
        var seconds: [Double] = []
        var entities = 0
        for _ in 0..<runs {
            let start = DispatchTime.now()
            let list = try ListLoader.loadList(entry: entry, directory: url.deletingLastPathComponent())
            seconds.append(Measure.seconds(since: start))
            entities = list.entities.count
        }
        let median = Measure.median(seconds)
        let megabytes = Double(bytes) / 1_000_000
        let inflated = ListFormatDetection.inflatedBytes(data).map { bytes in
            let content = Double(bytes) / 1_000_000
            return "; inflates to \(String(format: "%.2f", content)) MB: \(String(format: "%.1f", content / median)) MB/s of content"
        }
        print("\(url.lastPathComponent) (\(format)): \(entities) entities, \(String(format: "%.2f", megabytes)) MB; "
            + "median of \(runs): \(String(format: "%.3f", median)) s = \(String(format: "%.1f", megabytes / median)) MB/s\(inflated ?? "")")
    }
}
