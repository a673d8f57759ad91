import Foundation
import DataFormats

/// The controlled artefacts a gate serves, read from `manifest.json` in its directory.
///
/// Only files the manifest names can be released, whatever the request path says; every path is
/// checked at load to stay inside the directory (no `..`, no absolute paths, no symlink out).
public struct ArtifactManifest: Sendable {
    /// One artefact: its id (the download path), its file, and its classification.
    public struct Artifact: Sendable, Hashable, Codable {
        /// The id requests and tokens name, e.g. `model-weights-v3`.
        public var id: String
        /// The file, relative to the artefact directory.
        public var path: String
        /// The ECCN (with paragraph) or `EAR99`.
        public var eccn: String
        public var description: String?

        public init(id: String, path: String, eccn: String, description: String? = nil) {
            self.id = id
            self.path = path
            self.eccn = eccn
            self.description = description
        }
    }

    /// The directory the paths are relative to (resolved, without symlinks).
    public let directory: URL
    public let artifacts: [Artifact]
    private let byID: [String: Artifact]

    /// The artefact with `id`.
    public subscript(id: String) -> Artifact? { byID[id] }

    /// Reads and checks `DIR/manifest.json`; the error names the file, the entry and the field.
    public init(directory: URL) throws(ManifestError) {
        let root = directory.resolvingSymlinksInPath().standardizedFileURL
        let file = root.appendingPathComponent("manifest.json")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw ManifestError(file: file.path, entry: nil, field: nil, problem: "cannot be read (\(error.localizedDescription))")
        }
        guard String(validating: data, as: UTF8.self) != nil else {
            throw ManifestError(file: file.path, entry: nil, field: nil, problem: "is not valid UTF-8")
        }
        struct Document: Decodable { var artifacts: [Artifact] }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw ManifestError(
                file: file.path, entry: nil, field: nil,
                problem: "is not a manifest ({\"artifacts\": [{\"id\", \"path\", \"eccn\"}]}): \(error)")
        }
        var byID: [String: Artifact] = [:]
        for (position, artifact) in document.artifacts.enumerated() {
            func fail(_ field: String, _ problem: String) -> ManifestError {
                ManifestError(file: file.path, entry: position + 1, field: field, problem: problem)
            }
            guard !artifact.id.isEmpty, artifact.id.allSatisfy(Self.idCharacters.contains) else {
                throw fail("id", "\"\(artifact.id)\" must be letters, digits, '.', '_' or '-'")
            }
            guard byID[artifact.id] == nil else { throw fail("id", "\"\(artifact.id)\" appears twice") }
            guard !artifact.eccn.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("eccn", "is empty") }
            if let problem = RelativePath.problem(artifact.path) {
                throw fail("path", "\"\(artifact.path)\" \(problem); it must be a relative path inside the directory")
            }
            for (field, text) in [("eccn", artifact.eccn), ("description", artifact.description ?? "")] {
                if let problem = InputText.problem(in: text, multiline: field == "description", limit: InputText.freeTextLimit) {
                    throw fail(field, problem.description)
                }
            }
            guard Self.resolve(artifact.path, in: root) != nil else {
                throw fail("path", "\"\(artifact.path)\" is not a file in \(root.path) (or leads outside it through a symlink)")
            }
            byID[artifact.id] = artifact
        }
        self.directory = root
        self.artifacts = document.artifacts
        self.byID = byID
    }

    /// The file of `artifact`, resolved (symlinks followed) and checked again to be a regular file inside the
    /// directory; nil when it is not, whatever the manifest said when it was loaded (the gate asks on every release).
    public func file(of artifact: Artifact) -> URL? {
        guard RelativePath.problem(artifact.path) == nil else { return nil }
        return Self.resolve(artifact.path, in: directory)
    }

    private static func resolve(_ path: String, in root: URL) -> URL? {
        let resolved = root.appendingPathComponent(path).resolvingSymlinksInPath().standardizedFileURL
        guard resolved.path.hasPrefix(root.path + "/") else { return nil }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return nil }
        return resolved
    }

    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
}

/// Why a manifest cannot be used: the file, the entry (1-based) and the field.
public struct ManifestError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var entry: Int?
    public var field: String?
    public var problem: String

    public var description: String {
        var place = file
        if let entry { place += ": artifact \(entry)" }
        if let field { place += ", field \"\(field)\"" }
        return "\(place): \(problem)"
    }
}
