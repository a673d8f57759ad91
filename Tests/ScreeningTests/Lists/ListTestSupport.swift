import Foundation
import Testing
@testable import Screening

/// Paths and helpers shared by the list-parsing tests.
enum ListTestSupport {
    /// The repository root, found from this file's path (Tests/ScreeningTests/Lists/…).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled lists folder, `Data/lists/`.
    static let listsDirectory = repositoryRoot.appendingPathComponent("Data/lists", isDirectory: true)

    /// The test fixtures folder, `Tests/ScreeningTests/Fixtures/`.
    static let fixturesDirectory = repositoryRoot.appendingPathComponent("Tests/ScreeningTests/Fixtures", isDirectory: true)

    /// An in-memory list file from text.
    static func file(_ path: String, _ text: String) -> ListFile {
        ListFile(path: path, data: Data(text.utf8))
    }

    /// A list file read from disk, named by its path relative to `base`.
    static func file(_ path: String, in base: URL) throws -> ListFile {
        ListFile(path: path, data: try Data(contentsOf: base.appendingPathComponent(path)))
    }

    /// The bundled manifest's entry for `source`.
    static func manifestEntry(_ source: String) throws -> ListManifest.Entry {
        let manifest = try ListManifest.read(from: listsDirectory)
        guard let entry = manifest.lists.first(where: { $0.source == source }) else {
            throw ListLoadError.unknownSources([source], available: manifest.lists.map(\.source))
        }
        return entry
    }

    /// Every bundled list, loaded once through `ListLoader` and shared by the tests.
    private static let loaded: Result<[String: ParsedList], ListLoadError> = Result { () throws(ListLoadError) in
        let lists = try ListLoader.load(directory: listsDirectory)
        return Dictionary(uniqueKeysWithValues: lists.map { ($0.metadata.source, $0) })
    }

    /// A bundled list as the app loads it.
    static func bundled(_ source: String) throws -> ParsedList {
        guard let list = try loaded.get()[source] else {
            throw ListLoadError.unknownSources([source], available: try loaded.get().keys.sorted())
        }
        return list
    }
}

/// Namespace of the list-parsing suites, so `swift test --filter ListParsing` runs them all.
@Suite enum ListParsing {}
