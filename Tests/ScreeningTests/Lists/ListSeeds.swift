import Foundation
import Synchronization
import Testing
import ZIPFoundation
@testable import Screening

/// Small, complete list files cut from the bundled ones at record boundaries, so that the fuzz and
/// truncation tests can run every format many times in a few seconds; and the helpers to run them.
enum ListSeeds {
    /// One list as `ListLoader.parse` takes it.
    struct Seed: Sendable {
        var entry: ListManifest.Entry
        var format: ListFormat
        var files: OFACLegacyCSV.Files

        /// The paths of the seed's files, one of which every refusal must name.
        var paths: [String] {
            [files.primary, files.addresses, files.aliases, files.comments].compactMap { $0?.path }
        }

        func parse() throws(ListLoadError) -> ParsedList {
            try ListLoader.parse(entry: entry, format: format, files: files, sha256: "")
        }
    }

    static func bundledText(_ path: String) throws -> String {
        try String(contentsOf: ListTestSupport.listsDirectory.appendingPathComponent(path), encoding: .utf8)
    }

    /// The bundled manifest entry of `source`, as an import sees it (never partial).
    static func entry(_ source: String) throws -> ListManifest.Entry {
        var entry = try ListTestSupport.manifestEntry(source)
        entry.partial = nil
        return entry
    }

    /// The UN list's declaration and root with its first 25 individuals and 8 entities.
    static func un() throws -> Seed {
        let text = try bundledText("un/UN_consolidated.xml")
        let head = try #require(text.range(of: "<INDIVIDUALS>"))
        let xml = String(text[..<head.upperBound]) + "\n" + (try blocks("INDIVIDUAL", in: text, count: 25))
            + "  </INDIVIDUALS>\n  <ENTITIES>\n" + (try blocks("ENTITY", in: text, count: 8)) + "  </ENTITIES>\n</CONSOLIDATED_LIST>\n"
        let file = ListFile(path: "un/UN_consolidated.xml", data: Data(xml.utf8))
        return Seed(entry: try entry("un"), format: .unConsolidatedXML, files: .init(primary: file))
    }

    private static func blocks(_ name: String, in text: String, count: Int) throws -> String {
        var result = ""
        var rest = text[...]
        for _ in 0..<count {
            let start = try #require(rest.range(of: "    <\(name)>"))
            let end = try #require(rest.range(of: "</\(name)>", range: start.upperBound..<rest.endIndex))
            result += rest[start.lowerBound..<end.upperBound] + "\n"
            rest = rest[end.upperBound...]
        }
        return result
    }

    /// The Denied Persons List's header and first 80 rows.
    static func dpl() throws -> Seed {
        let lines = try bundledText("us/dpl/dpl.txt").split(separator: "\n", omittingEmptySubsequences: false)
        let file = ListFile(path: "us/dpl/dpl.txt", data: Data((lines.prefix(81).joined(separator: "\n") + "\n").utf8))
        return Seed(entry: try entry("us-dpl"), format: .bisDPLTSV, files: .init(primary: file))
    }

    /// The Consolidated Screening List's header and first 150 records (one row per line).
    static func csl() throws -> Seed {
        let lines = try bundledText("us/csl/csl_TRUNCATED_2023-11.csv").split(separator: "\n", omittingEmptySubsequences: false)
        let file = ListFile(path: "us/csl/csl.csv", data: Data((lines.prefix(151).joined(separator: "\n") + "\n").utf8))
        return Seed(entry: try entry("us-csl"), format: .tradeGovCSLCSV, files: .init(primary: file))
    }

    /// The SDN list's first 120 entities with their addresses, aliases and comments, as OFAC writes
    /// them (CRLF, a final Ctrl-Z).
    static func sdn() throws -> Seed {
        let primary = try bundledText("ofac/sdn/sdn.csv").components(separatedBy: "\r\n").prefix(120)
        let entNums = Set(primary.map { $0.prefix { $0 != "," } })
        func file(_ path: String, _ lines: some Sequence<String>) -> ListFile {
            ListFile(path: path, data: Data((lines.joined(separator: "\r\n") + "\r\n\u{1A}").utf8))
        }
        func joined(_ path: String) throws -> ListFile {
            file(path, try bundledText(path).components(separatedBy: "\r\n").filter { entNums.contains($0.prefix { $0 != "," }) })
        }
        return Seed(entry: try entry("ofac-sdn"), format: .ofacLegacyCSV, files: .init(
            primary: file("ofac/sdn/sdn.csv", primary), addresses: try joined("ofac/sdn/add.csv"),
            aliases: try joined("ofac/sdn/alt.csv"), comments: try joined("ofac/sdn/sdn_comments.csv")))
    }

    /// The UK list's `content.xml` with its first 60 rows, closed as the export closes it.
    static func ukContent() throws -> Data {
        let archive = try Archive(data: try Data(contentsOf: ListTestSupport.listsDirectory.appendingPathComponent("uk/FCDO_SL_2025-08-11_SUMMARY.ods")), accessMode: .read)
        var content = Data()
        _ = try archive.extract(try #require(archive["content.xml"])) { content.append($0) }
        let bytes = Array(content)
        var end = 0
        for _ in 0..<60 {
            end = try #require(bytes.firstOffset(of: Array("</table:table-row>".utf8), from: end)) + 18
        }
        let tail = "\n      </table:table>\n    </office:spreadsheet>\n  </office:body>\n</office:document-content>\n"
        return Data(bytes[..<end]) + Data(tail.utf8)
    }

    /// An ODS (zip) holding `content`.
    static func ods(_ content: Data) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        try archive.addEntry(with: "content.xml", type: .file, uncompressedSize: Int64(content.count), compressionMethod: .deflate) { position, size in
            content.subdata(in: Int(position)..<Int(position) + size)
        }
        return try #require(archive.data)
    }

    static func uk() throws -> Seed {
        let file = ListFile(path: "uk/list.ods", data: try ods(try ukContent()))
        return Seed(entry: try entry("uk"), format: .ukSanctionsListODS, files: .init(primary: file))
    }

    // MARK: - Judging an outcome

    /// Why `list` is not a list Clearance may screen against, or nil when every entity is sound:
    /// ids unique and `<source>:<id>`, names present and without control characters other than
    /// white space (the UN's original-script names hold line breaks) or replacement characters.
    static func unsoundEntity(in list: ParsedList) -> String? {
        var ids = Set<String>()
        let prefix = list.metadata.source + ":"
        for entity in list.entities {
            guard ids.insert(entity.id).inserted else { return "\(entity.id) twice" }
            guard entity.id.hasPrefix(prefix), entity.id.count > prefix.count else { return "id \(entity.id)" }
            guard !entity.name.trimmedText.isEmpty else { return "\(entity.id) has no name" }
            for name in [entity.name] + entity.aliases.map(\.name)
            where name.unicodeScalars.contains(where: { ($0.value < 0x20 && !"\t\n\r".unicodeScalars.contains($0)) || $0.value == 0x7F || $0 == "\u{FFFD}" }) {
                return "\(entity.id): name \(name.debugDescription)"
            }
        }
        return nil
    }

    /// Runs `work` on its own thread and gives up after `seconds`, so a hang fails a test instead of stalling the run.
    static func withinTimeLimit<Value: Sendable>(seconds: Double, _ work: @escaping @Sendable () -> Value) -> Value? {
        let result = Mutex<Value?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let value = work()
            result.withLock { $0 = value }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        return result.withLock { $0 }
    }
}

/// A seeded generator (SplitMix64), so every fuzz run mutates the same bytes the same way.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The damage a list file suffers in the fuzz tests.
enum Mutation: String, CaseIterable, Sendable {
    case truncate, flipBytes, insertNUL, insertInvalidUTF8, insertSpan, duplicateSpan, deleteSpan

    /// `bytes` damaged this way at random places (never empty input, never a no-op truncation).
    func apply(to bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let count = bytes.count
        let at = Int.random(in: 0..<count, using: &random)
        let length = Int.random(in: 1...min(64, count - at), using: &random)
        switch self {
        case .truncate:
            bytes.removeSubrange(max(1, at)...)
        case .flipBytes:
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                bytes[Int.random(in: 0..<count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
            }
        case .insertNUL:
            bytes.insert(0, at: at)
        case .insertInvalidUTF8:
            bytes.insert(contentsOf: [[0xFF], [0xC3, 0x28], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80]].randomElement(using: &random) ?? [0xFF], at: at)
        case .insertSpan:
            let from = Int.random(in: 0..<count, using: &random)
            bytes.insert(contentsOf: bytes[from..<min(count, from + length)], at: at)
        case .duplicateSpan:
            bytes.insert(contentsOf: bytes[at..<at + length], at: at + length)
        case .deleteSpan:
            bytes.removeSubrange(at..<at + length)
        }
        return bytes
    }
}
