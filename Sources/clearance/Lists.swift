import ArgumentParser
import CommandSupport
import Foundation
import Screening
import Operations
import Store
import DataFormats

/// `clearance lists`: what is loaded, from which files, and what could not be read.
struct Lists: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lists",
        abstract: "Show the loaded restricted-party lists: source, entities, names, publication date, sha256.",
        discussion: """
            Examples:
              clearance lists
              clearance lists --issues
              clearance lists --entities --lists un > un.jsonl
              clearance lists import UN_consolidated.xml --source un --database clearance.sqlite
            """,
        subcommands: [ImportVersion.self, UpdateLists.self]
    )

    @Option(help: "text or json.")
    var format: String = "text"

    @Flag(help: "Print every malformed record that was skipped, with file and line.")
    var issues = false

    @Flag(help: "Print every loaded entity as one JSON object per line.")
    var entities = false

    @OptionGroup var lists: ListSelection

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json, got '\(format)'") }
        if issues && entities { throw ValidationError("give --issues or --entities, not both") }
    }

    func run() throws {
        let (loaded, index) = try lists.load()
        if entities {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.withoutEscapingSlashes]
            let output = FileHandle.standardOutput
            for list in loaded {
                var lines = JSONLines()
                for entity in list.entities { try lines.append(entity, using: encoder) }
                output.write(lines.data)
            }
            return
        }
        if issues {
            for issue in loaded.flatMap(\.issues) { print(issue.description) }
            return
        }
        let rows = loaded.map { list in
            Row(
                source: list.metadata.source, name: list.metadata.name, entities: list.entities.count,
                names: list.entities.reduce(0) { $0 + 1 + $1.aliases.count }, published: list.metadata.published,
                sha256: list.metadata.sha256, issues: list.issues.count, partial: list.metadata.partial)
        }
        if format == "json" {
            print(try JSONReport.encode(rows))
            return
        }
        print("source      entities   names  published              issues  sha256")
        for row in rows {
            let published = row.published ?? "undated"
            print(
                pad(row.source, 10) + " " + pad(String(row.entities), 9, right: true) + " " + pad(String(row.names), 7, right: true)
                    + "  " + pad(published, 20) + " " + pad(String(row.issues), 8, right: true) + "  " + row.sha256)
            print("            \(row.name)")
            if let partial = row.partial { print("            PARTIAL: \(partial)") }
        }
        let notBundled = (try? ListManifest.read(from: lists.directory))?.notBundled ?? []
        for list in notBundled {
            print(pad(list.source, 10) + "  NOT BUNDLED: \(list.name): \(list.reason)")
        }
        print("\(rows.reduce(0) { $0 + $1.entities }) entities, \(index.nameCount) indexed names.")
    }

    private struct Row: Encodable {
        var source: String
        var name: String
        var entities: Int
        var names: Int
        var published: String?
        var sha256: String
        var issues: Int
        var partial: String?
    }

    private func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        guard text.count < width else { return text }
        let padding = String(repeating: " ", count: width - text.count)
        return right ? padding + text : text + padding
    }
}

/// `clearance lists import FILE --source SOURCE`: a new version of one list into the store, then re-screening.
struct ImportVersion: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a new version of one list into the store; re-screen the stored parties its changes can affect.",
        discussion: """
            The file is read in the format its content shows (OFAC legacy CSV, OFAC enhanced XML zipped \
            or not, UN XML, EU Financial Sanctions Files XML, DPL text, CSL CSV, UK ODS), else in the format \
            the manifest gives SOURCE; --list-format forces one. The version, its diff against the \
            active one (added, changed and removed entities, by content), the closing of alerts on \
            removed entities and the queued re-screening job are one transaction: an interrupted import \
            leaves the previous version active, or the new one with its job queued (`clearance worker` \
            finishes it).

            A version that removes more than 10% of the active entities (set the share with \
            $CLEARANCE_LIST_REMOVAL_LIMIT, e.g. 0.25) is refused and the refusal audited; give --force \
            when the list really shrank.
            """)

    @Argument(help: ArgumentHelp("The list file (for OFAC, the primary CSV).", valueName: "FILE"))
    var file: String

    @Option(help: "The source: ofac-sdn, ofac-cons, un, us-dpl, us-csl, uk or eu.")
    var source: String

    @Option(help: ArgumentHelp(
        "Read the file in this format instead of the one its content shows, e.g. ofac-enhanced-xml or eu-fsf-xml (`--format` is the output format of `clearance lists`).",
        valueName: "FORMAT"))
    var listFormat: String?

    @Option(help: "OFAC: the addresses CSV.") var addresses: String?
    @Option(help: "OFAC: the aliases CSV.") var aliases: String?
    @Option(help: "OFAC: the comments CSV.") var comments: String?
    @Option(help: ArgumentHelp("The publication date, when the file does not state it.", valueName: "YYYY-MM-DD")) var published: String?
    @Flag(help: "Queue the re-screening for `clearance worker`s instead of doing it here.") var enqueueOnly = false
    @Option(help: "Parties per re-screening chunk.") var chunkSize = 5_000
    @Flag(help: "Import the version even if it removes more of the active entities than the limit allows.") var force = false

    @OptionGroup var database: DatabaseOption
    @OptionGroup var lists: ListSelection

    func validate() throws {
        guard chunkSize >= 1 else { throw ValidationError("--chunk-size must be at least 1, got \(chunkSize)") }
    }

    func run() async throws {
        let service = try await database.service(lists: lists)
        let url = { (path: String) in URL(fileURLWithPath: path) }
        let parsed: ParsedList
        do {
            parsed = try service.parseList(
                source: source, primary: url(file), addresses: addresses.map(url), aliases: aliases.map(url),
                comments: comments.map(url), published: published, format: listFormat)
        } catch {
            throw ValidationError("\(error)")
        }
        ListIssueReport.warn(parsed)
        let start = Date()
        do {
            let report = try await service.importList(
                parsed, actor: DatabaseOption.actor, chunkSize: chunkSize, work: !enqueueOnly, force: force)
            print(
                "\(report.source) version \(report.versionID): \(report.entities) entities; \(report.added) added, "
                    + "\(report.changed) changed, \(report.removed) removed; "
                    + (report.renumbered > 0 ? "\(report.renumbered) renumbered by the publisher kept their ids; " : "")
                    + "\(report.delistedAlerts) alerts closed as delisted; "
                    + (report.jobID.map { "job \($0) (\(report.chunks) chunks); " } ?? "")
                    + "\(report.rescreenedParties) parties re-screened, \(report.alertsOpened) alerts opened "
                    + "(\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
        } catch let error as StoreError {
            FileHandle.standardError.write(Data("clearance: \(error.message)\n".utf8))
            throw ExitCode.failure
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
