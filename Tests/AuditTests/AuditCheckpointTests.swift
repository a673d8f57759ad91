import Audit
import Foundation
import Testing

/// Signed checkpoints: what they sign, and that any change to them is caught.
@Suite struct AuditCheckpointTests {
    static let key = AuditSigningKey.generate()

    static func checkpoint() throws -> AuditCheckpoint {
        try AuditCheckpoint(sequence: 120, headHash: String(repeating: "ab", count: 32), signedAt: 1_764_000_000_000, key: key)
    }

    @Test("a checkpoint verifies with its key, and not after any signed field changes")
    func anyChangeIsCaught() throws {
        let signed = try Self.checkpoint()
        #expect(signed.hasValidSignature())
        #expect(signed.keyID == Self.key.id && signed.keyID.hasPrefix("ak_"))
        var changed = signed
        changed.sequence = 117
        #expect(!changed.hasValidSignature())
        changed = signed
        changed.headHash = String(repeating: "cd", count: 32)
        #expect(!changed.hasValidSignature())
        changed = signed
        changed.signedAt += 1
        #expect(!changed.hasValidSignature())
        changed = signed
        changed.keyID = "ak_other"
        #expect(!changed.hasValidSignature())
        #expect(!signed.hasValidSignature(publicKey: AuditSigningKey.generate().publicKey.base64EncodedString()))
    }

    @Test("an exported checkpoint reads back equal, and a file that is not one is refused by name")
    func exportRoundTrip() throws {
        let signed = try Self.checkpoint()
        let json = try signed.exportJSON()
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"format\" : \"clearance-audit-checkpoint-v1\""))
        #expect(text.contains("\"public_key\""))
        #expect(try AuditCheckpoint.read(json: json, source: "cp.json") == signed)
        #expect {
            _ = try AuditCheckpoint.read(json: Data("{}".utf8), source: "cp.json")
        } throws: { error in
            "\(error)".contains("cp.json")
        }
    }
}
