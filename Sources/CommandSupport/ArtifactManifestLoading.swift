import ArgumentParser
import Foundation
import ReleaseGate

extension ArtifactManifest {
    /// The manifest of a directory named on the command line; a bad one is a usage error naming the entry and field.
    public static func load(_ directory: String) throws -> ArtifactManifest {
        do {
            return try ArtifactManifest(directory: URL(fileURLWithPath: directory))
        } catch {
            throw ValidationError(error.description)
        }
    }
}
