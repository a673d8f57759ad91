import Audit
import Foundation
import Testing

/// Audit field escaping: any text becomes storable text once, and the hash covers what is stored.
@Suite struct AuditTextTests {
    static let odd = [
        "x\u{0}y", "\u{0}", "tab\tnew\nline\r\u{1B}[31m\u{7F}", "back\\slash \\x00 literal", "\\", "\\x4", "\u{202E}rtl 中国 ü 🇺🇸 e\u{301}",
        "\u{FFFF}\u{10FFFF}\u{FEFF}", String(repeating: "long field ", count: 20_000),
    ]

    @Test("every string, NUL and control characters included, decodes to itself and encodes to one free of control characters")
    func roundTrip() {
        for text in Self.odd {
            let encoded = AuditText.encode(text)
            #expect(AuditText.decode(encoded) == text)
            #expect(!encoded.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(encoded.prefix(40))")
        }
    }

    @Test("random scalar strings round-trip (seeded)")
    func randomRoundTrip() {
        var generator = SeededGenerator(seed: 20_261_206)
        let pool: [Unicode.Scalar] = (0..<0x80).compactMap(Unicode.Scalar.init) + ["\\", "x", "é", "中", "\u{10FFFF}", "\u{202E}"]
        for _ in 0..<500 {
            let length = Int(generator.next() % 40)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(pool[Int(generator.next() % UInt64(pool.count))]) }
            let text = String(scalars)
            #expect(AuditText.decode(AuditText.encode(text)) == text)
        }
    }

    @Test("text without backslashes or control characters is unchanged, so records written before escaping hash the same")
    func plainTextUnchanged() {
        let plain = "PERMIT az_1: weights (9E003.a) to CN for party:p1 — ü 中国"
        #expect(AuditText.encode(plain) == plain)
        let draft = AuditDraft(actor: "key_1", action: "authorize", inputDigest: "ab", result: plain, versions: "ofac 2026")
        let record = draft.record(after: nil, timestamp: 5)
        let unescaped = AuditRecord(
            sequence: 1, timestamp: 5, actor: "key_1", action: "authorize", inputDigest: "ab", result: plain, versions: "ofac 2026",
            previousHash: AuditRecord.genesisHash)
        #expect(record.hash == unescaped.hash)
    }

    @Test("a draft's fields are escaped when it becomes a record, and the record verifies")
    func draftsAreEscaped() {
        let draft = AuditDraft(actor: "gate:x\u{0}", action: "gate.deny", inputDigest: "00", result: "refused /artifacts/x\u{0}y", versions: "")
        let record = draft.record(after: nil, timestamp: 1)
        #expect(record.result == "refused /artifacts/x\\x00y")
        #expect(AuditText.decode(record.actor) == "gate:x\u{0}")
        #expect(AuditChain.verify([record]).isIntact)
    }
}

/// A SplitMix64 generator, so random tests repeat.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
