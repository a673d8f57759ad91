import Foundation
import Screening

/// Why an uploaded list file was not imported, beyond `InvalidInput` and `ListVersionRefused`.
public struct ListUploadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem: the source is not one this service knows, or the file cannot be read as its format.
    public enum Kind: Sendable, Hashable {
        case unknownSource, unreadable
    }

    public var kind: Kind
    public var description: String
}

extension ComplianceService {
    /// Imports the bytes of one list file as a new version of `source` (see `importList`): the source must be in the
    /// manifest, `published` a `YYYY-MM-DD` day when given, and the file readable in the format its content shows
    /// (else the source's format in the manifest). With `work` false the re-screening job is only queued (for
    /// `runRescreening`, e.g. a background job).
    /// - Throws: `ListUploadError`, `InvalidInput` (`published`, `body`), `ListVersionRefused`, `StoreError`.
    public func importListFile(source: String, data: Data, published: String?, force: Bool, actor: String, work: Bool = true) async throws
        -> ListUpdateReport
    {
        try await importList(try parseListFile(source: source, data: data, published: published), actor: actor, work: work, force: force)
    }

    /// The bytes of one list file read in the format its content shows (else `source`'s format in the manifest),
    /// checked as `importListFile` checks them.
    /// - Throws: `ListUploadError`, `InvalidInput` (`published`, `body`).
    public func parseListFile(source: String, data: Data, published: String?) throws -> ParsedList {
        guard manifestEntry(source: source) != nil else {
            throw ListUploadError(kind: .unknownSource, description: "no list source \(source)")
        }
        if let published, published.count != 10 || published.split(separator: "-").count != 3 {
            throw InvalidInput("published", "published must be YYYY-MM-DD")
        }
        guard !data.isEmpty else { throw InvalidInput("body", "the body must be the list file") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("list-file")
        try data.write(to: file)
        do {
            return try parseList(source: source, primary: file, published: published)
        } catch {
            throw ListUploadError(kind: .unreadable, description: "\(error)".replacingOccurrences(of: directory.path + "/", with: ""))
        }
    }
}
