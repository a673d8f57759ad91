import ArgumentParser
import BundledData
import CommandSupport
import Determination
import Foundation
import Screening
import Operations
import Store

/// `--database PATH|postgres://...`: the store a command works on.
struct DatabaseOption: ParsableArguments {
    @Option(name: .customLong("database"), help: ArgumentHelp(
        "A SQLite file (default clearance.sqlite, or $CLEARANCE_DATABASE) or a postgres://user:password@host:port/db URL.",
        valueName: "PATH|URL"))
    var database: String?

    var location: StoreLocation {
        get throws {
            let text = database ?? ProcessInfo.processInfo.environment["CLEARANCE_DATABASE"].flatMap { $0.isEmpty ? nil : $0 }
                ?? StoreLocation.defaultPath
            do {
                return try StoreLocation(text)
            } catch {
                throw ValidationError(error.message)
            }
        }
    }

    func open() async throws -> any Store {
        let location = try location
        do {
            let store = try await location.open()
            await CommandCheckpoints.opened(store)
            return store
        } catch {
            FileHandle.standardError.write(Data("clearance: \(location): \(error.message)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// The service over this store, the selected lists and the bundled EAR tables.
    func service(lists: ListSelection) async throws -> ComplianceService {
        let store = try await open()
        let determiner: Determiner
        do {
            determiner = try Determiner(reference: ReferenceData(directory: BundledData.earDirectory))
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        // The manifest names each source's format for `lists import`: one that cannot be read stops
        // the command rather than leaving the service unable to tell what a list file is.
        let manifest: ListManifest
        do {
            manifest = try ListManifest.read(from: lists.directory)
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error.description)\n".utf8))
            throw ExitCode.failure
        }
        let removalLimit = try Self.listRemovalLimit()
        // The bundled lists are only read for sources the store has no version of yet (they are imported then).
        let stored = Set(try await store.activeListVersions().map(\.source))
        let wanted = lists.selectedSources ?? Set(manifest.lists.map(\.source))
        let bundled = wanted.isSubset(of: stored) ? [] : try lists.load().lists
        do {
            var service = try await ComplianceService.open(
                store: store, bundled: bundled, determiner: determiner, manifest: manifest,
                isKnownHTS10: TradeTables.isKnownHTS10, trade: TradeTables.checkers,
                indexCache: lists.noCache ? nil : IndexCache(directory: IndexCache.defaultDirectory()))
            service.listRemovalLimit = removalLimit
            return service
        } catch {
            FileHandle.standardError.write(Data("clearance: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `$CLEARANCE_LIST_REMOVAL_LIMIT`: the share (0…1) of a source's active entities a list version may remove
    /// unless forced; 0.10 when unset.
    static func listRemovalLimit() throws -> Double {
        guard let text = ProcessInfo.processInfo.environment["CLEARANCE_LIST_REMOVAL_LIMIT"], !text.isEmpty else {
            return ComplianceService.defaultListRemovalLimit
        }
        guard let share = Double(text), (0...1).contains(share) else {
            throw ValidationError("CLEARANCE_LIST_REMOVAL_LIMIT must be a share from 0 to 1 (e.g. 0.25), got '\(text)'")
        }
        return share
    }

    /// Who acts when the command line acts: `cli:<user>`.
    static var actor: String {
        "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? ProcessInfo.processInfo.environment["LOGNAME"] ?? "unknown")
    }
}
