import ArgumentParser
import CommandSupport
import Foundation
import Operations
import Store

/// `clearance lists update`: fetch each list from its publisher (or a mirror, or a folder) and import what changed.
struct UpdateLists: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Fetch the lists from their publishers (this uses the network) and import each changed one as a new version.",
        discussion: """
            This is the one Clearance command that uses the network: it fetches each source from the \
            publisher's download address in the list manifest (`download`), or, with --from, from a mirror \
            serving the manifest's file names or from a local folder laid out like the bundled lists.

            Each download is asked for conditionally (the ETag and Last-Modified of the last fetch are kept \
            in the store), limited in size and time, retried with backoff on server errors and time-outs, \
            and checked: a web page, a cut-off file, a file that cannot be read in the source's format, or \
            one with fewer entities than --sanity-floor of the active version's is refused and the active \
            version kept. A changed file is imported exactly as `clearance lists import` imports it (the \
            diff, the removal limit, the re-screening of stored parties). Every attempt is audited as \
            `lists.refresh`. One refresh runs at a time per store; a second one waits for it.

            Examples:
              clearance lists update --database clearance.sqlite
              clearance lists update --source un --source us-dpl
              clearance lists update --from ./lists-mirror              (offline: a folder laid out like Data/lists)
              clearance lists update --from https://mirror.example/lists
              clearance lists update --source us-dpl --url us-dpl=https://media.bis.gov/dpl/dpl.txt
            """)

    @Option(help: ArgumentHelp("A source to refresh (repeat it); every bundled source without it.", valueName: "SOURCE"))
    var source: [String] = []

    @Option(help: ArgumentHelp("Read the manifest's file names under this address or folder instead of the publishers'.", valueName: "URL-or-DIR"))
    var from: String?

    @Option(help: ArgumentHelp("Fetch a source's (primary) file from this address instead of the manifest's (repeat it).", valueName: "SOURCE=URL"))
    var url: [String] = []

    @Option(help: "Refuse a file with fewer entities than this share (0 to 1) of the active version's.")
    var sanityFloor = ListRefreshOptions.defaultSanityFloor

    @Option(help: ArgumentHelp("The largest file accepted, in megabytes.", valueName: "MB"))
    var maxMegabytes = 512

    @Option(help: ArgumentHelp("The longest one download may take, in seconds.", valueName: "SECONDS"))
    var timeout = 300

    @Option(help: "How many times a download is tried on server errors and time-outs.")
    var attempts = 3

    @Flag(help: "Queue the re-screening for `clearance worker`s instead of doing it here.")
    var enqueueOnly = false

    @Option(help: "text or json.")
    var format = "text"

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection

    func validate() throws {
        guard (0...1).contains(sanityFloor) else { throw ValidationError("--sanity-floor must be from 0 to 1, got \(sanityFloor)") }
        guard maxMegabytes >= 1 else { throw ValidationError("--max-megabytes must be at least 1, got \(maxMegabytes)") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, got \(timeout)") }
        guard (1...10).contains(attempts) else { throw ValidationError("--attempts must be from 1 to 10, got \(attempts)") }
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, got '\(format)'") }
        _ = try overrides()
    }

    private func overrides() throws -> [String: URL] {
        var addresses: [String: URL] = [:]
        for pair in url {
            guard let equals = pair.firstIndex(of: "="), let address = URL(string: String(pair[pair.index(after: equals)...])),
                ["http", "https"].contains(address.scheme?.lowercased() ?? "")
            else { throw ValidationError("--url must be SOURCE=http(s)://…, got '\(pair)'") }
            addresses[String(pair[..<equals])] = address
        }
        return addresses
    }

    func run() async throws {
        var options = ListRefreshOptions()
        options.sources = source.isEmpty ? nil : source
        options.origin = from.map(ListRefreshOrigin.parse) ?? .publishers
        options.addresses = try overrides()
        options.sanityFloor = sanityFloor
        options.maximumBytes = maxMegabytes << 20
        options.timeout = .seconds(timeout)
        options.attempts = attempts
        options.rescreen = !enqueueOnly
        switch options.origin {
        case .directory(let folder): note("reading the list files from \(folder.path) (no network)")
        case .mirror(let base): note("fetching the list files from \(base.absoluteString) (this uses the network)")
        case .publishers: note("fetching the lists from their publishers' addresses (this uses the network)")
        }
        let outcomes: [ListRefreshOutcome]
        do {
            let downloads = try ListDownloads.read(from: lists.directory)
            let service = try await database.service(lists: lists)
            outcomes = try await service.refreshLists(downloads, options: options, actor: DatabaseOption.actor)
        } catch let error as StoreError {
            note(error.message)
            throw ExitCode.failure
        } catch {
            note("\(error)")
            throw ExitCode.failure
        }
        if format == "json" {
            print(try JSONReport.encode(outcomes))
        } else {
            for outcome in outcomes { print(Self.line(outcome)) }
        }
        if outcomes.contains(where: { $0.result == .refused }) { throw ExitCode.failure }
    }

    static func line(_ outcome: ListRefreshOutcome) -> String {
        switch outcome.result {
        case .imported:
            guard let report = outcome.report else { return "\(outcome.source): imported" }
            return "\(outcome.source): imported version \(report.versionID): \(report.entities) entities; \(report.added) added, "
                + "\(report.changed) changed, \(report.removed) removed; \(report.rescreenedParties) parties re-screened, "
                + "\(report.alertsOpened) alerts opened"
        case .unchanged: return "\(outcome.source): unchanged (\(outcome.reason ?? ""))"
        case .refused: return "\(outcome.source): REFUSED: \(outcome.reason ?? ""); the active version is kept"
        }
    }

    private func note(_ text: String) {
        FileHandle.standardError.write(Data("clearance lists update: \(text)\n".utf8))
    }
}
