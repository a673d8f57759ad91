import Foundation
import Screening

extension ComplianceService {
    /// Parses a list file (and, for OFAC's legacy CSV set, its companion files) in the format the manifest gives its source.
    ///
    /// Refused, naming the file and place: a file that is not UTF-8 text, not well-formed in its
    /// format or cut off, one with more malformed records than `ListTolerance` allows, and one with
    /// no entity at all. An imported file is never treated as `partial`, even when the bundled one is.
    ///
    /// The format is `format` when given (one of `ListFormatDetection.formats`), else the one the file's
    /// content shows (`ListFormatDetection`) when it is one the source may come in (`mayReplace`: a file in
    /// another list's format is refused, naming it), else the manifest's for `source`. A source the manifest lists
    /// as not bundled (`eu`) is imported like the others.
    public func parseList(source: String, primary: URL, addresses: URL? = nil, aliases: URL? = nil, comments: URL? = nil,
                          published: String? = nil, format: String? = nil) throws -> ParsedList {
        guard var entry = manifestEntry(source: source) else {
            let known = (manifest?.lists.map(\.source) ?? []) + (manifest?.notBundled?.map(\.source) ?? [])
            throw ListImportError("unknown source \(source); known: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
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
        if let format {
            guard ListFormatDetection.formats.contains(format) else {
                throw ListImportError("unknown format \(format); use one of \(ListFormatDetection.formats.joined(separator: ", "))")
            }
            entry.format = format
        } else if let detected = ListFormatDetection.detect((try? Data(contentsOf: primary, options: .mappedIfSafe)) ?? Data()),
                  detected != entry.format {
            guard ListFormatDetection.mayReplace(entry.format, with: detected) else {
                throw ListImportError(
                    "\(primary.path): the file is in format \(detected), but source \(source) is read as \(entry.format); "
                        + "choose the source this file belongs to, or force a format with --list-format")
            }
            entry.format = detected
        }
        if let published { entry.published = published }
        entry.partial = nil
        entry.older = nil
        do {
            let list = try ListLoader.loadList(entry: entry, directory: directory)
            if list.entities.isEmpty { throw ListImportError("\(primary.path): no entities could be read (\(list.issues.count) malformed records)") }
            return list
        } catch let error as ListLoadError {
            throw ListImportError(error.description)
        }
    }

    /// The manifest's entry for `source`; a not-bundled source gets one with its format and no files.
    func manifestEntry(source: String) -> ListManifest.Entry? {
        if let entry = manifest?.lists.first(where: { $0.source == source }) { return entry }
        guard let other = manifest?.notBundled?.first(where: { $0.source == source }) else { return nil }
        return ListManifest.Entry(source: other.source, name: other.name, format: other.format, files: .init(primary: ""))
    }
}
