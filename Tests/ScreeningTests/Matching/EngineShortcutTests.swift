import Foundation
import Testing

@testable import Screening

/// The full optimal-string-alignment table, every cell, no band and no cap: what the banded
/// `EditDistance.distance` must agree with.
private func fullDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    for i in stride(from: 1, through: a.count, by: 1) {
        for j in stride(from: 1, through: b.count, by: 1) {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1) }
        }
    }
    return table[a.count][b.count]
}

@Suite("Engine shortcuts give exactly the answers of the long way round")
struct EngineShortcutTests {
    @Test("the banded edit distance equals the full table for every limit (seeded random words and their slips)")
    func bandedEditDistance() {
        var random = SplitMix64(state: 61)
        let alphabet = Array("abcdehilmnorst".utf8)
        for round in 0..<4000 {
            let length = Int.random(in: 0...11, using: &random)
            let word = (0..<length).map { _ in alphabet.randomElement(using: &random) ?? 0x61 }
            let other = round % 3 == 0 || word.isEmpty
                ? (0..<Int.random(in: 0...11, using: &random)).map { _ in alphabet.randomElement(using: &random) ?? 0x61 }
                : slipped(word, count: 1 + round % 4, using: &random)
            let full = fullDistance(word, other)
            for limit in 0...3 {
                #expect(EditDistance.distance(word, other, limit: limit) == (full <= limit ? full : nil),
                    "\(String(decoding: word, as: UTF8.self)) / \(String(decoding: other, as: UTF8.self)) limit \(limit)")
            }
        }
    }

    @Test("a reader over part of a buffer reads only that part and says where it ends")
    func readerOverPartOfABuffer() throws {
        var writer = BinaryWriter()
        writer.write(Array("outer".utf8))
        writer.write(Array("tail".utf8))
        var envelope = BinaryReader(writer.bytes)
        let part = try envelope.readByteRange()
        var reader = BinaryReader(writer.bytes, range: part)
        #expect(reader.isAtEnd == false)
        #expect(throws: SnapshotError.self) { try reader.readRaw(UInt64.self) }
        #expect(try envelope.readBytes() == Array("tail".utf8))
        #expect(envelope.isAtEnd)
    }

    @Test("a snapshot file is read whole, byte for byte, and a missing one reads as nothing")
    func snapshotFileContents() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-contents-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = IndexSnapshot.encode(lists: [sampleList], index: ScreeningIndex(lists: [sampleList]))
        let file = folder.appendingPathComponent("index.bin")
        try Data(bytes).write(to: file)
        #expect(IndexCache.contents(of: file) == bytes)
        let empty = folder.appendingPathComponent("empty.bin")
        try Data().write(to: empty)
        #expect(IndexCache.contents(of: empty) == [])
        #expect(IndexCache.contents(of: folder.appendingPathComponent("missing.bin")) == nil)
    }

    @Test("a session that screens a query again answers exactly as a fresh session does")
    func aSessionRemembersNothingThatChangesAnswers() {
        let screener = Screener(lists: [sampleList])
        let queries = ["Hasan Nasralah", "Gazprom Bank", "Golden Star Trdaing", "Путин Владимир", "Ocean Star 2", "Trading Company",
            "Kunlun Trading", "Hasan Nasralah", "Golden Star Trdaing", "Trading Company"]
        var session = screener.makeSession()
        for name in queries {
            let query = ScreeningQuery(name: name)
            var fresh = screener.makeSession()
            #expect(session.screen(query, options: .init(threshold: 0)) == fresh.screen(query, options: .init(threshold: 0)), "\(name)")
        }
    }
}
