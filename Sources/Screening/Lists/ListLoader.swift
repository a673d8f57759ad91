import Crypto
import Dispatch
import Foundation
import DataFormats

/// `manifest.json` of a lists folder: which files hold which list, in which format.
///
/// Keeping this out of the code lets a user drop in a newer download of a list without a rebuild.
public struct ListManifest: Codable, Sendable {
    /// Free text for the person editing the file; not read.
    public var comment: String?
    /// The lists, in load and report order.
    public var lists: [Entry]
    /// Sources Clearance reads and imports but does not bundle (no complete file could be found),
    /// so that `clearance lists` says so rather than leaving them silently absent.
    public var notBundled: [NotBundled]?

    /// A source with no bundled file: import one with `clearance lists import FILE --source SOURCE`.
    public struct NotBundled: Codable, Sendable {
        /// Source id and entity id prefix, e.g. `eu`.
        public var source: String
        /// Human-readable list name.
        public var name: String
        /// The format a download of it comes in (one of `ListFormatDetection.formats`).
        public var format: String
        /// Why it is not bundled and where to get it.
        public var reason: String
    }

    /// The manifest's file name inside a lists folder.
    public static let fileName = "manifest.json"

    /// One list: its source id, format and files (paths relative to the lists folder).
    public struct Entry: Codable, Sendable, Hashable {
        /// Source id and entity id prefix, e.g. `ofac-sdn`.
        public var source: String
        /// Human-readable list name, shown in reports and list summaries.
        public var name: String
        /// One of `ListFormat`'s raw values, e.g. `ofac-legacy-csv`.
        public var format: String
        /// The list's files, relative to the lists folder.
        public var files: Files
        /// Publication date to use when the file itself does not state one.
        public var published: String?
        /// CSL only: source abbreviations (`SDN`, `DPL`, …) to leave out because they are loaded
        /// from their own files.
        public var skipSources: [String]?
        /// Set when the bundled file is known to be incomplete; says why.
        public var partial: String?
        /// How `files.older`, an older file of the same list, is combined with the primary one (see `OlderFile`); bundled lists only.
        public var older: OlderFile?

        /// An entry with every manifest key given explicitly.
        public init(
            source: String, name: String, format: String, files: Files,
            published: String? = nil, skipSources: [String]? = nil, partial: String? = nil, older: OlderFile? = nil
        ) {
            self.source = source
            self.name = name
            self.format = format
            self.files = files
            self.published = published
            self.skipSources = skipSources
            self.partial = partial
            self.older = older
        }
    }

    /// The files of a list; only OFAC's legacy CSV set uses more than `primary`.
    public struct Files: Codable, Sendable, Hashable {
        /// The list file itself (for OFAC, `sdn.csv` / `cons_prim.csv`).
        public var primary: String
        /// OFAC only: the addresses file (`add.csv`), joined on `ent_num`.
        public var addresses: String?
        /// OFAC only: the aliases file (`alt.csv`), joined on `ent_num`.
        public var aliases: String?
        /// OFAC only: the Remarks continuations file (`sdn_comments.csv`), joined on `ent_num`.
        public var comments: String?
        /// An older file of the same list, combined with the primary one as the entry's `older` says.
        public var older: String?

        /// Files with paths relative to the lists folder.
        public init(primary: String, addresses: String? = nil, aliases: String? = nil, comments: String? = nil, older: String? = nil) {
            self.primary = primary
            self.addresses = addresses
            self.aliases = aliases
            self.comments = comments
            self.older = older
        }

        /// The files in digest order, each with its manifest key.
        var all: [(role: String, path: String)] {
            [("primary", primary), ("addresses", addresses), ("aliases", aliases), ("comments", comments), ("older", older)]
                .compactMap { role, path in path.map { (role, $0) } }
        }
    }

    /// Reads `manifest.json` from a lists folder.
    public static func read(from directory: URL) throws(ListLoadError) -> ListManifest {
        let url = directory.appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw .missingManifest(path: url.path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadableManifest(path: url.path, detail: error.localizedDescription)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do {
            return try decoder.decode(ListManifest.self, from: data)
        } catch {
            throw .unreadableManifest(path: url.path, detail: "\(error)")
        }
    }
}

/// The list formats Clearance reads; the manifest's `format` values.
enum ListFormat: String, Sendable, CaseIterable {
    case ofacLegacyCSV = "ofac-legacy-csv"
    case unConsolidatedXML = "un-consolidated-xml"
    case bisDPLTSV = "bis-dpl-tsv"
    case tradeGovCSLCSV = "trade-gov-csl-csv"
    case ukSanctionsListODS = "uk-sanctions-list-ods"
    case ofacEnhancedXML = "ofac-enhanced-xml"
    case euFinancialSanctionsXML = "eu-fsf-xml"
    case ofacAdvancedXML = "ofac-advanced-xml"
    case fcdoUKSanctionsXML = "fcdo-uk-sanctions-xml"
    case ofsiConListXLSX = "ofsi-conlist-xlsx"
    case ofsiConListCSV = "ofsi-conlist-csv"
}

/// Loads the restricted-party lists named by a folder's manifest.
///
/// A file that is not UTF-8 text, not well-formed in its format, or cut off (see `ListCSV`,
/// `XMLCheck`) throws, naming the place. A malformed record is skipped and reported in
/// `ParsedList.issues`, up to `ListTolerance`; more than that throws `tooManyMalformedRecords`.
public enum ListLoader {
    /// Every list of the manifest in `directory` (or only `sources`), in manifest order, read in parallel.
    ///
    /// An empty `sources` set selects nothing and throws `noListsSelected`; nil selects every list.
    public static func load(directory: URL, sources: Set<String>? = nil) throws(ListLoadError) -> [ParsedList] {
        let manifest = try ListManifest.read(from: directory)
        var entries = manifest.lists
        if let sources {
            guard !sources.isEmpty else {
                throw .noListsSelected(available: entries.map(\.source))
            }
            let known = Set(entries.map(\.source))
            let unknown = sources.subtracting(known)
            guard unknown.isEmpty else {
                throw .unknownSources(unknown.sorted(), available: entries.map(\.source))
            }
            entries = entries.filter { sources.contains($0.source) }
        }

        let selected = entries
        let work = selected.map { expectedWork($0, in: directory) }
        let startOrder = selected.indices.sorted { work[$0] > work[$1] }
        let loadEntry: @Sendable (Int) -> Result<ParsedList, ListLoadError> = { index in
            Result { () throws(ListLoadError) in try loadList(entry: selected[index], directory: directory) }
        }
        let slots = ConcurrentSlots<Result<ParsedList, ListLoadError>>(count: selected.count)
        DispatchQueue.concurrentPerform(iterations: startOrder.count) { step in
            let index = startOrder[step]
            slots.set(index, loadEntry(index))
        }
        // `concurrentPerform` runs every iteration, so every slot is filled; were one not, its list
        // is read here rather than failing the load.
        return try slots.values.enumerated().map { index, result throws(ListLoadError) in
            try (result ?? loadEntry(index)).get()
        }
    }

    /// One list of a manifest, with `directory` the folder its paths are relative to.
    public static func loadList(entry: ListManifest.Entry, directory: URL) throws(ListLoadError) -> ParsedList {
        guard let format = ListFormat(rawValue: entry.format) else {
            throw .unknownFormat(
                format: entry.format, source: entry.source,
                manifest: directory.appendingPathComponent(ListManifest.fileName).path,
                line: manifestLine(containing: "\"\(entry.format)\"", in: directory)
            )
        }
        // Read in `Files.all` order, which is the digest order.
        var digest = SHA256()
        func read(_ role: String, _ path: String) throws(ListLoadError) -> ListFile {
            let url = directory.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw .missingFile(path: url.path, source: entry.source, role: role)
            }
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw .unreadableFile(path: url.path, detail: error.localizedDescription)
            }
            digest.update(data: data)
            return ListFile(path: path, data: data)
        }
        func readIfNamed(_ role: String, _ path: String?) throws(ListLoadError) -> ListFile? {
            guard let path else { return nil }
            return try read(role, path)
        }
        let files = OFACLegacyCSV.Files(
            primary: try read("primary", entry.files.primary), addresses: try readIfNamed("addresses", entry.files.addresses),
            aliases: try readIfNamed("aliases", entry.files.aliases), comments: try readIfNamed("comments", entry.files.comments))
        let olderFile = try readIfNamed("older", entry.files.older)
        let sha256 = Hex.string(digest.finalize())
        guard let older = entry.older, let olderFile else {
            if entry.older != nil || olderFile != nil {
                throw .unreadableManifest(
                    path: directory.appendingPathComponent(ListManifest.fileName).path,
                    detail: "list \(entry.source): files.older and older (format, use) must be given together")
            }
            return try parse(entry: entry, format: format, files: files, sha256: sha256)
        }
        guard let olderFormat = ListFormat(rawValue: older.format) else {
            throw .unknownFormat(
                format: older.format, source: entry.source,
                manifest: directory.appendingPathComponent(ListManifest.fileName).path,
                line: manifestLine(containing: "\"\(older.format)\"", in: directory))
        }
        var olderEntry = entry
        olderEntry.format = older.format
        olderEntry.files = ListManifest.Files(primary: olderFile.path)
        olderEntry.published = older.published
        olderEntry.partial = nil
        olderEntry.older = nil
        let newer = try parse(entry: entry, format: format, files: files, sha256: sha256)
        let previous = try parse(entry: olderEntry, format: olderFormat, files: .init(primary: olderFile), sha256: sha256)
        return OlderListMerge.merge(newer: newer, older: previous, use: older.use, olderPath: olderFile.path)
    }

    /// One list from its files' bytes (only OFAC's format reads more than the primary file).
    ///
    /// A file that looks cut off (its last record ends without a line break or inside a quoted
    /// field) throws `cutOff`, unless the manifest entry declares the list `partial`: then that
    /// record is reported and skipped. More malformed records than `ListTolerance` allows throw.
    static func parse(
        entry: ListManifest.Entry, format: ListFormat, files: OFACLegacyCSV.Files, sha256: String
    ) throws(ListLoadError) -> ParsedList {
        var output: ParseOutput
        let files = try Gzip.inflatingPrimary(of: files)
        switch format {
        case .ofacLegacyCSV:
            output = try OFACLegacyCSV.parse(source: entry.source, files: files)
        case .unConsolidatedXML:
            output = try UNConsolidatedXML.parse(source: entry.source, file: files.primary)
        case .bisDPLTSV:
            output = try DeniedPersonsList.parse(source: entry.source, file: files.primary)
        case .tradeGovCSLCSV:
            output = try ConsolidatedScreeningList.parse(source: entry.source, file: files.primary, skipSources: Set(entry.skipSources ?? []))
        case .ukSanctionsListODS:
            output = try UKSanctionsListODS.parse(source: entry.source, file: files.primary)
        case .ofacEnhancedXML:
            output = try OFACEnhancedXML.parse(source: entry.source, file: files.primary)
        case .euFinancialSanctionsXML:
            output = try EUFinancialSanctionsXML.parse(source: entry.source, file: files.primary)
        case .ofacAdvancedXML:
            output = try OFACAdvancedXML.parse(source: entry.source, file: files.primary)
        case .fcdoUKSanctionsXML:
            output = try FCDOSanctionsListXML.parse(source: entry.source, file: files.primary)
        case .ofsiConListXLSX:
            output = try OFSIConsolidatedList.parseWorkbook(source: entry.source, file: files.primary)
        case .ofsiConListCSV:
            output = try OFSIConsolidatedList.parseCSV(source: entry.source, file: files.primary)
        }
        if let cut = output.cutOff {
            guard entry.partial != nil else {
                throw .cutOff(file: cut.file, line: cut.line, detail: cut.message)
            }
            output.records += 1
            output.skip(file: cut.file, line: cut.line, message: "the file is cut off here (\(cut.message)); record skipped")
        }
        try ListTolerance.check(output, source: entry.source)

        let metadata = ListMetadata(
            source: entry.source, name: entry.name, published: output.published ?? entry.published,
            sha256: sha256, partial: entry.partial
        )
        return ParsedList(metadata: metadata, entities: output.entities, issues: output.issues)
    }

    /// Roughly how long a list takes to read: its bytes, a zipped spreadsheet counted at the ~40×
    /// its XML expands to. Starting the longest first keeps both cores busy to the end.
    private static func expectedWork(_ entry: ListManifest.Entry, in directory: URL) -> Int {
        let bytes = entry.files.all.map(\.path).reduce(0) { total, path in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(path).path)[.size]) as? Int
            return total + (size ?? 0)
        }
        let zipped: Set<String> = [ListFormat.ukSanctionsListODS.rawValue, ListFormat.ofsiConListXLSX.rawValue]
        return zipped.contains(entry.format) || entry.older != nil ? bytes * 40 : bytes
    }

    /// The 1-based line of the manifest holding `text`, to point a user at a bad value.
    private static func manifestLine(containing text: String, in directory: URL) -> Int? {
        guard let data = try? Data(contentsOf: directory.appendingPathComponent(ListManifest.fileName)) else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return lines.firstIndex { $0.contains(text) }.map { $0 + 1 }
    }
}

/// Why a list (or the manifest) could not be loaded at all, with the place and what to do.
public enum ListLoadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No `manifest.json` in the lists folder.
    case missingManifest(path: String)
    /// The manifest is not valid JSON or lacks a required key.
    case unreadableManifest(path: String, detail: String)
    /// Sources asked for that the manifest does not list; `available` are the ones it does.
    case unknownSources([String], available: [String])
    /// An empty set of sources was asked for, so no list would be loaded.
    case noListsSelected(available: [String])
    /// A manifest entry names a format Clearance cannot read; `line` is its line in the manifest.
    case unknownFormat(format: String, source: String, manifest: String, line: Int?)
    /// A file the manifest names is not there; `role` is its key under `files`.
    case missingFile(path: String, source: String, role: String)
    /// A file exists but cannot be read.
    case unreadableFile(path: String, detail: String)
    /// A delimited file or sheet lacks the header row its format needs.
    case unreadableHeader(file: String, line: Int, detail: String)
    /// A file is not in its format at all (not XML, not a zip); `line` is nil when the problem
    /// has no line (a zip that cannot be opened).
    case malformedFile(file: String, line: Int?, detail: String)
    /// A file is not UTF-8 text or holds a control byte: where (1-based line and column in bytes,
    /// 0-based byte offset) and what.
    case invalidText(file: String, line: Int, column: Int, offset: Int, detail: String)
    /// A file ends inside a record (no line break after the last row, or inside a quoted field):
    /// it was most likely cut off in transfer. `line` is where that record starts.
    case cutOff(file: String, line: Int, detail: String)
    /// More of a list's records are malformed than `ListTolerance` allows; `first` are the first
    /// few, with their places.
    case tooManyMalformedRecords(source: String, malformed: Int, records: Int, first: [ParseIssue])

    /// The problem, where it is and what to do, as one line for the user.
    public var description: String {
        switch self {
        case .missingManifest(let path):
            "no list manifest at \(path): point Clearance at a lists folder that holds \(ListManifest.fileName) (the bundled one is Data/lists/)"
        case .unreadableManifest(let path, let detail):
            "cannot read the list manifest \(path): \(detail). Fix the JSON; each list needs source, name, format and files.primary"
        case .unknownSources(let names, let available):
            "unknown list source(s) \(names.joined(separator: ", ")): choose from the manifest's sources (e.g. pass --lists with some of: \(available.joined(separator: ", ")))"
        case .noListsSelected(let available):
            "no lists selected: choose at least one of the manifest's sources (e.g. pass --lists with some of: \(available.joined(separator: ", "))), or leave the selection out to load them all"
        case .unknownFormat(let format, let source, let manifest, let line):
            "\(manifest)\(line.map { ":\($0)" } ?? "") [format]: list \(source) has unknown format \"\(format)\"; use one of \(ListFormat.allCases.map(\.rawValue).joined(separator: ", "))"
        case .missingFile(let path, let source, let role):
            "list \(source): its \(role) file \(path) does not exist. Restore the file or correct files.\(role) in the manifest"
        case .unreadableFile(let path, let detail):
            "cannot read \(path): \(detail). Check the file's permissions"
        case .unreadableHeader(let file, let line, let detail):
            "\(file):\(line): unreadable header row: \(detail). Is this file in the format the manifest names? Re-download it from the publisher"
        case .malformedFile(let file, let line, let detail):
            "\(file)\(line.map { ":\($0)" } ?? ""): cannot read the file: \(detail). Re-download it from the publisher"
        case .invalidText(let file, let line, let column, let offset, let detail):
            "\(file):\(line):\(column) (byte \(offset)): not UTF-8 text: \(detail). The file is damaged or in another encoding; re-download it from the publisher"
        case .cutOff(let file, let line, let detail):
            "\(file):\(line): the file looks cut off: \(detail). Re-download it from the publisher"
        case .tooManyMalformedRecords(let source, let malformed, let records, let first):
            "list \(source): \(malformed) of \(records) records are malformed, more than \(ListTolerance.description) allows; "
                + "first: \(first.map(\.description).joined(separator: "; ")). Re-download the file from the publisher"
        }
    }
}
