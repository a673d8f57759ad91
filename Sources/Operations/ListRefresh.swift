import Foundation
import Screening

/// Where `refreshLists` reads each source's files: the publishers' addresses in the list manifest (`download`, each
/// overridable), a mirror that serves the manifest's file names under one address, or a local folder holding them.
public enum ListRefreshOrigin: Sendable, Hashable {
    /// The manifest's `download` addresses (the network).
    case publishers
    /// `base` followed by each file's manifest path, e.g. `https://mirror.example/lists/un/UN_consolidated.xml`.
    case mirror(URL)
    /// A folder laid out as the bundled lists folder (each file at its manifest path).
    case directory(URL)

    /// `text` as an origin: an `http(s)://` address is a mirror, anything else a local folder.
    public static func parse(_ text: String) -> ListRefreshOrigin {
        if let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? "") { return .mirror(url) }
        return .directory(URL(fileURLWithPath: text))
    }
}

/// How a refresh fetches and checks each source.
public struct ListRefreshOptions: Sendable {
    /// The sources to refresh (nil: every bundled source).
    public var sources: [String]?
    /// Where the files come from.
    public var origin: ListRefreshOrigin = .publishers
    /// A primary file address per source, replacing the manifest's `download.primary`.
    public var addresses: [String: URL] = [:]
    /// The largest file accepted, in bytes (a larger one is refused unread).
    public var maximumBytes = 512 << 20
    /// The longest one download may take, retries apart.
    public var timeout: Duration = .seconds(300)
    /// How many times a download is tried when the server fails (5xx), times out or cannot be reached.
    public var attempts = 3
    /// The wait before the second try; doubled before each later one.
    public var backoff: Duration = .seconds(2)
    /// The least share of the active version's entity count a download must hold (0…1); fewer is refused.
    public var sanityFloor = ListRefreshOptions.defaultSanityFloor
    /// How long this refresh may hold the store's refresh lock before another process may take it over.
    public var lockLease: Duration = .seconds(3_600)
    /// How long to wait for another process's refresh to finish before giving up.
    public var lockWait: Duration = .seconds(3_600)
    /// Work through the re-screening job in this process (else it is only queued for `clearance worker`s).
    public var rescreen = true

    /// The default sanity floor: half the active version's entities.
    public static let defaultSanityFloor = 0.5

    /// Options with the defaults.
    public init() {}
}

/// What a refresh did with one source.
public struct ListRefreshOutcome: Sendable, Hashable, Codable {
    /// `imported` (a new version), `unchanged` (304, or the same content) or `refused`.
    public enum Result: String, Sendable, Hashable, Codable {
        case imported, unchanged, refused
    }

    public var source: String
    public var result: Result
    /// Why it was refused, or how it was found unchanged.
    public var reason: String?
    /// The import, when a new version was imported.
    public var report: ComplianceService.ListUpdateReport?
}

/// Why a refresh could not start: the store keeps no refresh state, or another process's refresh held the lock too long.
public struct ListRefreshError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Each source's files and download addresses, read from the list manifest (`files` and `download`).
public struct ListDownloads: Sendable {
    /// One source: its files' manifest paths and the publisher's address of each, by role (`primary`, `addresses`,
    /// `aliases`, `comments`).
    public struct Source: Sendable, Hashable {
        public var source: String
        public var bundled: Bool
        public var files: [String: String]
        public var download: [String: URL]
        /// The source's manifest entry (bundled sources): how a folder laid out like the lists folder is read,
        /// an older file combined with the primary one included.
        public var entry: ListManifest.Entry? = nil
    }

    /// The sources in manifest order: the bundled ones, then the not bundled ones.
    public var sources: [Source]

    /// The sources of the manifest in the lists folder `directory`.
    /// - Throws: `ListRefreshError` naming the file and the entry when it cannot be read or an address is not a URL.
    public static func read(from directory: URL) throws -> ListDownloads {
        let file = directory.appendingPathComponent(ListManifest.fileName)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: file))
        } catch {
            throw ListRefreshError("\(file.path): the list manifest cannot be read: \(error)")
        }
        let entries: [ListManifest.Entry]
        do {
            entries = try ListManifest.read(from: directory).lists
        } catch {
            throw ListRefreshError("\(file.path): \(error)")
        }
        var sources: [Source] = []
        for (index, entry) in manifest.lists.enumerated() {
            var source = try entry.source(bundled: true, place: "\(file.path): lists[\(index)]")
            source.entry = entries.first { $0.source == entry.source }
            sources.append(source)
        }
        for (index, entry) in (manifest.not_bundled ?? []).enumerated() {
            sources.append(try entry.source(bundled: false, place: "\(file.path): not_bundled[\(index)]"))
        }
        return ListDownloads(sources: sources)
    }

    private struct Manifest: Decodable {
        var lists: [Entry]
        var not_bundled: [Entry]?
    }

    private struct Entry: Decodable {
        var source: String
        var files: [String: String]?
        var download: [String: String]?

        func source(bundled: Bool, place: String) throws -> Source {
            var addresses: [String: URL] = [:]
            for (role, text) in download ?? [:] {
                guard let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else {
                    throw ListRefreshError("\(place) (\(source)): download.\(role) \"\(text)\" is not an http(s) address")
                }
                addresses[role] = url
            }
            return Source(source: source, bundled: bundled, files: files ?? [:], download: addresses)
        }
    }
}
