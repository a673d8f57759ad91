import ArgumentParser
import CommandSupport
import Foundation
import Operations
import Screening
import DataFormats
import Store

/// `clearance screen`: one name, or a whole CSV file of parties.
struct Screen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screen",
        abstract: "Screen a name, or a CSV file of parties, against the restricted-party lists.",
        discussion: """
            One name prints a ranked list of possible matches with the reasons for each score. \
            With --input, the CSV file (header id,name,type,country,dob; only id and name required) \
            is read as a stream and every row gets one output line, in input order. The exit status \
            is 1 when any row could not be screened, 2 on wrong usage. A list published longer ago than \
            --stale-after is stale: the JSON answer says so per list (stale, age_days), the text answer and a \
            batch (on standard error) name it.

            Examples:
              clearance screen "NASRALLAH, Hasan" --type person --dob 1960-08-31
              clearance screen "Gazprom Bank" --lists ofac-sdn,uk --format json
              clearance screen --input parties.csv --format jsonl --threshold 0.9
            """
    )

    @Argument(help: "The name to screen (any script: Latin, Arabic, Cyrillic, Chinese, ...).")
    var name: String?

    @Option(help: ArgumentHelp("A CSV file of parties to screen ('-' for standard input).", valueName: "FILE.csv"))
    var input: String?

    @Option(help: "person, organization, vessel or aircraft.")
    var type: String?

    @Option(help: ArgumentHelp("ISO 3166 alpha-2 country of the party, e.g. IR.", valueName: "CC"))
    var country: String?

    @Option(help: ArgumentHelp("Date of birth.", valueName: "YYYY[-MM[-DD]]"))
    var dob: String?

    @Option(help: "Report matches scoring at least this (0 to 1).")
    var threshold: Double = ScreeningOptions.defaultThreshold

    @Option(help: "At most this many matches per name.")
    var limit: Int = 10

    @Option(help: "text or json for one name; jsonl or csv with --input.")
    var format: String?

    @Option(help: ArgumentHelp(
        "A list published longer ago than this is stale: the answer says so (s, m, h or d).", valueName: "AGE"))
    var staleAfter = "7d"

    @OptionGroup var lists: ListSelection

    func validate() throws {
        if name == nil && input == nil { throw ValidationError("give a NAME to screen, or --input FILE.csv") }
        if name != nil && input != nil { throw ValidationError("give either a NAME or --input, not both") }
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1, got \(threshold)") }
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, got \(limit)") }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("the NAME is empty") }
        if let name, let problem = InputText.problem(in: name, limit: InputText.nameLimit) { throw ValidationError("the NAME \(problem)") }
        if let type, EntityType(userText: type) == nil {
            throw ValidationError("--type must be person, organization, vessel or aircraft, got '\(type)'")
        }
        if let country, CountryCode(userText: country) == nil {
            throw ValidationError("--country must be an ISO 3166 alpha-2 code such as IR, got '\(country)'")
        }
        if let dob, DateOfBirth(iso: dob) == nil {
            throw ValidationError("--dob must be a date written YYYY, YYYY-MM or YYYY-MM-DD, got '\(dob)'")
        }
        let allowed = input == nil ? ["text", "json"] : BatchOutput.Format.allCases.map(\.rawValue)
        if let format, !allowed.contains(format) {
            throw ValidationError("--format must be \(allowed.joined(separator: " or ")) here, got '\(format)'")
        }
        _ = try AgeArgument.duration(staleAfter, flag: "--stale-after", example: "7d")
        if input != nil && (type != nil || country != nil || dob != nil) {
            throw ValidationError("--type, --country and --dob apply to one NAME; with --input give them as CSV columns")
        }
    }

    func run() throws {
        let screener = Screener(index: try lists.load().index)
        let options = ScreeningOptions(threshold: threshold, limit: limit)
        let staleAfter = try AgeArgument.duration(staleAfter, flag: "--stale-after", example: "7d")
        let now = StoreClock.milliseconds()
        let freshness = screener.index.lists.map { ListFreshness.of($0, state: nil, staleAfter: staleAfter, now: now) }
        if let input {
            for notice in TextReport.staleNotices(lists: screener.index.lists, freshness: freshness, staleAfter: self.staleAfter) {
                FileHandle.standardError.write(Data("clearance screen: \(notice)\n".utf8))
            }
            let format = BatchOutput.Format(rawValue: format ?? "jsonl") ?? .jsonl
            let failures = try BatchRun(path: input, screener: screener, options: options, format: format).run()
            if failures > 0 { throw ExitCode.failure }
            return
        }
        guard let name else { return }
        let query = ScreeningQuery(
            name: name, type: type.flatMap(EntityType.init(userText:)),
            country: country.flatMap(CountryCode.init(userText:))?.code, dateOfBirth: dob.flatMap(DateOfBirth.init(iso:)),
            sources: lists.selectedSources)
        let matches = screener.screen(query, options: options)
        if format == "json" {
            print(try JSONReport.screening(
                query: query, matches: matches, lists: screener.index.lists, freshness: freshness, threshold: threshold))
        } else {
            var lines = [TextReport.screening(query: query, matches: matches, lists: screener.index.lists, threshold: threshold)]
            lines += TextReport.staleNotices(lists: screener.index.lists, freshness: freshness, staleAfter: self.staleAfter)
            print(lines.joined(separator: "\n"))
        }
    }
}
