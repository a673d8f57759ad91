import Foundation
import Tabular
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

/// `tables.json` read and checked, and the CSV files it names (plain or inside `schedule.zip`).
struct TariffTableFiles {
    static let manifestName = "tables.json"

    struct Manifest: Decodable {
        struct Coverage: Decodable {
            var from: String
            var to: String
        }
        var name: String
        var coverage: Coverage
        var corrections: String
        var tables: [TariffTableSource]
    }

    let directory: URL
    let manifest: Manifest
    let coverage: ClosedRange<CivilDate>
    private let byKey: [String: TariffTableSource]
    private let archives: [String: Archive]

    init(directory: URL) throws(TariffDataError) {
        let data = try Self.read(directory.appendingPathComponent(Self.manifestName), name: Self.manifestName)
        let manifest: Manifest
        do {
            manifest = try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            throw TariffDataError(file: Self.manifestName, message: "it does not decode (\(error))")
        }
        guard let from = CivilDate(manifest.coverage.from), let to = CivilDate(manifest.coverage.to), from <= to else {
            throw TariffDataError(file: Self.manifestName, column: "coverage", message: "coverage needs from <= to as YYYY-MM-DD")
        }
        var byKey: [String: TariffTableSource] = [:]
        for entry in manifest.tables {
            guard byKey[entry.table] == nil else {
                throw TariffDataError(file: Self.manifestName, message: "table \"\(entry.table)\" is listed twice")
            }
            guard entry.staleAfterDays > 0 else {
                throw TariffDataError(
                    file: Self.manifestName, column: "stale_after_days",
                    message: "table \"\(entry.table)\" needs stale_after_days, a positive number of days")
            }
            byKey[entry.table] = entry
        }
        self.directory = directory
        self.manifest = manifest
        self.coverage = from...to
        self.byKey = byKey
        self.archives = try Self.archives(in: directory, for: manifest.tables)
    }

    /// The data rows of the table `key`, checked to have exactly the header `columns`.
    func rows(_ key: String, columns: [String]) throws(TariffDataError) -> [CSVRow] {
        guard let source = byKey[key] else {
            throw TariffDataError(file: Self.manifestName, message: "table \"\(key)\" is missing")
        }
        let data = try contents(of: source.file)
        do {
            return try CSVTable.rows(in: data, file: source.file, expected: columns)
        } catch {
            throw TariffDataError(error)
        }
    }

    private func contents(of file: String) throws(TariffDataError) -> Data {
        let parts = file.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].hasSuffix(".zip") else {
            return try Self.read(directory.appendingPathComponent(file), name: file)
        }
        guard let archive = archives[parts[0]] else {
            throw TariffDataError(file: parts[0], message: "the archive could not be opened")
        }
        guard let entry = archive[parts[1]] else {
            throw TariffDataError(file: parts[0], message: "the archive has no entry \(parts[1])")
        }
        var content = Data()
        do {
            _ = try archive.extract(entry, skipCRC32: false) { content.append($0) }
        } catch {
            throw TariffDataError(file: file, message: "cannot unpack it (\(error))")
        }
        return content
    }

    /// Each archive the manifest names, read and opened once.
    private static func archives(in directory: URL, for tables: [TariffTableSource]) throws(TariffDataError) -> [String: Archive] {
        var archives: [String: Archive] = [:]
        for table in tables {
            guard let name = table.file.split(separator: "/", maxSplits: 1).first.map(String.init), name.hasSuffix(".zip"),
                archives[name] == nil
            else { continue }
            let data = try read(directory.appendingPathComponent(name), name: name)
            do {
                let archive: Archive = try Archive(data: data, accessMode: .read)
                archives[name] = archive
            } catch {
                throw TariffDataError(file: name, message: "it is not a readable zip archive (\(error))")
            }
        }
        return archives
    }

    private static func read(_ url: URL, name: String) throws(TariffDataError) -> Data {
        do {
            return try Data(contentsOf: url)
        } catch {
            throw TariffDataError(
                file: name,
                message: "cannot read the file (\(error.localizedDescription)); the tariff data folder is Data/trade/tariffs, shipped as BundledData.tariffsDirectory")
        }
    }
}
