import Foundation
import Screening

extension ComplianceService {
    /// Parses a list file (and, for OFAC's legacy CSV set, its companion files) in the format the manifest gives its source.
    ///
    /// Refused, naming the file and place: a file that is not UTF-8 text, not well-formed in its
    /// format or cut off, one with more malformed records than `ListTolerance` allows, and one with
    /// no entity at all. An imported file is never treated as `partial`, even when the bundled one is.
    public func parseList(source: String, primary: URL, addresses: URL? = nil, aliases: URL? = nil, comments: URL? = nil,
                          published: String? = nil) throws -> ParsedList {
        guard var entry = manifest?.lists.first(where: { $0.source == source }) else {
            throw ListImportError("unknown source \(source); known: \(manifest?.lists.map(\.source).joined(separator: ", ") ?? "none")")
        }
        let directory = primary.deletingLastPathComponent()
        func name(_ url: URL?) throws -> String? {
            guard let url else { return nil }
            guard url.deletingLastPathComponent().standardizedFileURL == directory.standardizedFileURL else {
                throw ListImportError("\(url.path): companion files must be in the same folder as \(primary.lastPathComponent)")
            }
            return url.lastPathComponent
        }
        entry.files = ListManifest.Files(
            primary: primary.lastPathComponent, addresses: try name(addresses), aliases: try name(aliases), comments: try name(comments))
        if let published { entry.published = published }
        entry.partial = nil
        do {
            let list = try ListLoader.loadList(entry: entry, directory: directory)
            if list.entities.isEmpty { throw ListImportError("\(primary.path): no entities could be read (\(list.issues.count) malformed records)") }
            return list
        } catch let error as ListLoadError {
            throw ListImportError(error.description)
        }
    }
}
