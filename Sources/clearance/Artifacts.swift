import ArgumentParser
import CommandSupport
import Foundation
import ReleaseGate
import Operations
import Store

/// `clearance artifacts register|list`: the controlled artefacts and their classification.
struct Artifacts: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "Register controlled artefacts (software, source code, model weights, technical data) with their ECCNs.",
        subcommands: [Register.self, List.self])

    struct Register: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "register",
            abstract: "Register every artefact of a gate directory's manifest.json (id, path, eccn).",
            discussion: """
                Example manifest (DIR/manifest.json):
                  {"artifacts": [{"id": "fab-process-notes", "path": "notes/process.pdf", "eccn": "3E001"}]}
                """)
        @Argument(help: "The artefact directory (holding manifest.json).") var directory: String
        @OptionGroup var database: DatabaseOption
        @OptionGroup var lists: ListSelection

        func run() async throws {
            let manifest = try ArtifactManifest.load(directory)
            let service = try await database.service(lists: lists)
            let records = manifest.artifacts.map { ArtifactRecord(id: $0.id, eccn: $0.eccn, description: $0.description) }
            let input = (try? Data(contentsOf: manifest.directory.appendingPathComponent("manifest.json"))) ?? Data()
            try await service.registerArtifacts(records, actor: DatabaseOption.actor, input: input)
            for record in records { print("registered \(record.id) (\(record.eccn))") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "Print the registered artefacts, as JSON Lines.")
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let store = try await database.open()
            for artifact in try await store.artifacts() { print(try LicenseJSON.encode(artifact)) }
        }
    }
}
