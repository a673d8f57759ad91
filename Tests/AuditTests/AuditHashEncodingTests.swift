import Audit
import Foundation
import Testing

/// Hashes are written as lowercase hex SHA-256, exactly as every stored chain and checkpoint already has them.
@Suite struct AuditHashEncodingTests {
    @Test("an input digest is the lowercase hex SHA-256 of the input (known answers)")
    func digestKnownAnswers() {
        #expect(AuditRecord.digest(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(AuditRecord.digest(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("a record's hash is the lowercase hex SHA-256 of its canonical encoding (a known answer)")
    func recordHashKnownAnswer() {
        let record = AuditRecord(
            sequence: 1, timestamp: 5, actor: "ab", action: "c", inputDigest: "d", result: "e", versions: "f",
            previousHash: AuditRecord.genesisHash)
        #expect(record.hash == "3f16af41cd9dd00459e15b9cbdf161198f082cf923f309739dc3afc6ae38262d")
        #expect(record.computedHash == record.hash)
    }
}
