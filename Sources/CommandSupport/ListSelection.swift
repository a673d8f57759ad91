import ArgumentParser
import BundledData
import Foundation
import Screening

/// Where the lists come from and which of them to load: shared by every command that screens.
public struct ListSelection: ParsableArguments, Sendable {
    /// The options as ArgumentParser fills them in.
    public init() {}

    /// `--lists-dir`: a folder of lists in place of the bundled ones.
    @Option(name: .customLong("lists-dir"), help: ArgumentHelp(
        "A folder laid out like the bundled one (manifest.json plus list files), e.g. with fresh downloads.",
        valueName: "DIR"))
    public var listsDirectory: String?

    /// `--lists`: the sources to load, as typed.
    @Option(name: .customLong("lists"), help: ArgumentHelp(
        "Only these sources, comma-separated: ofac-sdn, ofac-cons, un, us-dpl, us-csl, uk.", valueName: "SOURCE,..."))
    public var sources: String?

    /// The sources `--lists` names (nil: every list in the manifest).
    public var selectedSources: Set<String>? {
        sources.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }) }
    }

    /// Refuses a `--lists` that names no list.
    public func validate() throws {
        if let selected = selectedSources, selected.isEmpty {
            throw ValidationError("--lists names no list; give sources such as ofac-sdn,un (see `clearance lists`)")
        }
    }

    /// `--lists-dir`, else `$CLEARANCE_LISTS_DIR`, else the bundled lists.
    public var directory: URL {
        if let listsDirectory { return URL(fileURLWithPath: listsDirectory, isDirectory: true) }
        if let environment = ProcessInfo.processInfo.environment["CLEARANCE_LISTS_DIR"], !environment.isEmpty {
            return URL(fileURLWithPath: environment, isDirectory: true)
        }
        return BundledData.listsDirectory
    }

    /// `--no-cache`: parse the lists and build the index even when a snapshot is cached.
    @Flag(name: .customLong("no-cache"), help: "Parse the list files and build the index even when a snapshot of them is cached.")
    public var noCache = false

    /// The selected lists and their index: from the snapshot cache when it holds these exact files.
    public func load() throws -> (lists: [ParsedList], index: ScreeningIndex) {
        do {
            if noCache {
                let lists = try ListLoader.load(directory: directory, sources: selectedSources)
                return (lists, ScreeningIndex(lists: lists))
            }
            let loaded = try IndexCache(directory: IndexCache.defaultDirectory()).load(listsDirectory: directory, sources: selectedSources)
            return (loaded.lists, loaded.index)
        } catch let error as ListLoadError {
            switch error {
            case .missingManifest, .unknownSources:
                throw ValidationError(error.description)
            default:
                // The lists themselves are damaged: a data problem, not wrong usage.
                FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
                throw ExitCode.failure
            }
        }
    }
}
