import Foundation
import DataFormats
import ZIPFoundation

/// One table of the tariff data and where it came from, as `tables.json` states.
public struct TariffTableSource: Sendable, Hashable, Codable {
    /// The manifest key, e.g. `section301`.
    public var table: String
    /// The file, relative to the data folder; `schedule.zip/NAME` for a file inside the archive.
    public var file: String
    /// The source it was taken from.
    public var source: String
    /// The date the data reflects.
    public var vintage: String
    /// After this many days past the compilation date (the end of the coverage), an answer resting on
    /// the table is conditional: the rates may have changed since.
    public var staleAfterDays: Int

    enum CodingKeys: String, CodingKey {
        case table, file, source, vintage
        case staleAfterDays = "stale_after_days"
    }
}

/// The tariff folder's `tables.json` and the CSV files it names (plain or inside `schedule.zip`), read by `TableIndex`.
struct TariffTableFiles {
    /// The fields the tariff index adds to `TableIndex`'s.
    struct Manifest: Decodable {
        var name: String
        var corrections: String
    }

    private let index: TableIndex
    let manifest: Manifest
    let coverage: ClosedRange<CivilDate>
    let sources: [TariffTableSource]
    private let archives: [String: Archive]

    init(directory: URL) throws(TableDataError) {
        index = try TableIndex(directory: directory, dataset: .tariffs, rules: .init(keys: nil, labels: false, dated: true))
        manifest = try index.manifest(as: Manifest.self)
        guard let coverage = index.coverage else { throw index.manifestError("coverage is missing", column: "coverage") }
        self.coverage = coverage
        sources = index.entries.map {
            TariffTableSource(table: $0.table, file: $0.file, source: $0.source, vintage: $0.vintage, staleAfterDays: $0.staleAfterDays ?? 0)
        }
        archives = try Self.archives(of: index)
    }

    /// The data rows of the table `key`, checked to have exactly the header `columns`.
    func rows(_ key: String, columns: [String]) throws(TableDataError) -> [CSVRow] {
        let file = try index.entry(key).file
        return try index.rows(in: try contents(of: file), file: file, columns: columns)
    }

    private func contents(of file: String) throws(TableDataError) -> Data {
        let parts = file.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].hasSuffix(".zip") else { return try index.data(of: file) }
        guard let archive = archives[parts[0]] else {
            throw index.error(file: parts[0], problem: .invalidValue("the archive could not be opened"))
        }
        guard let entry = archive[parts[1]] else {
            throw index.error(file: parts[0], problem: .invalidValue("the archive has no entry \(parts[1])"))
        }
        var content = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
        } catch {
            throw index.error(file: file, problem: .invalidValue("cannot unpack it (\(error))"))
        }
        return content
    }

    /// Each archive the index names, read and opened once.
    private static func archives(of index: TableIndex) throws(TableDataError) -> [String: Archive] {
        var archives: [String: Archive] = [:]
        for table in index.entries {
            guard let name = table.file.split(separator: "/", maxSplits: 1).first.map(String.init), name.hasSuffix(".zip"),
                archives[name] == nil
            else { continue }
            let data = try index.data(of: name)
            do {
                let archive: Archive = try Archive(data: data, accessMode: .read)
                archives[name] = archive
            } catch {
                throw index.error(file: name, problem: .invalidValue("it is not a readable zip archive (\(error))"))
            }
        }
        return archives
    }
}
