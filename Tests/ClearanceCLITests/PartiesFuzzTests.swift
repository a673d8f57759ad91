import Foundation
import Store
import Testing

/// Mutated parties files through the real `clearance parties import`: each is refused (exit 2, nothing
/// stored, the chain intact) or imported exactly as sent; never a crash, a hang, a name stored with a
/// replacement character or a control character, or an audit gap.
@Suite(.serialized) struct PartiesFuzzTests {
    static let original: Data = {
        var rows = ["id,name,type,country,dob"]
        let names = [
            "Acme Trading LLC", "Ivan Petrov", "Мария Иванова", "محمد حسن", "Société Générale d'Études", "Zhang Wei", "Banco Nacional de Cuba",
            "\"Smith, Jones & Partners\"", "Müller GmbH", "Ośrodek Łódź", "Nguyễn Văn An", "O'Brien Shipping Co",
        ]
        for (index, name) in names.enumerated() {
            rows.append("f\(index),\(name),\(index % 2 == 0 ? "organization" : "person"),\(index % 3 == 0 ? "RU" : ""),")
        }
        return Data((rows.joined(separator: "\n") + "\n").utf8)
    }()

    /// One mutation of `data`: a cut, a flipped byte, a NUL, an invalid UTF-8 byte, a duplicated span or CR line ends.
    static func mutate(_ data: Data, _ generator: inout SeededGenerator) -> Data {
        var bytes = [UInt8](data)
        let at = Int.random(in: 1..<bytes.count, using: &generator)
        switch Int.random(in: 0..<6, using: &generator) {
        case 0: bytes = Array(bytes[..<at])
        case 1: bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
        case 2: bytes.insert(0, at: at)
        case 3: bytes.insert([0xFF, 0xC3, 0x80, 0xED][Int.random(in: 0..<4, using: &generator)], at: at)
        case 4:
            let end = min(bytes.count, at + Int.random(in: 1...40, using: &generator))
            bytes.insert(contentsOf: bytes[at..<end], at: at)
        default: bytes = bytes.map { $0 == 0x0A ? 0x0D : $0 }
        }
        return Data(bytes)
    }

    static func storedParties(_ database: String) async throws -> [PartyRecord] {
        try await SQLiteStore(path: database).parties(after: "", limit: 10_000)
    }

    @Test func mutatedPartiesFilesAreRefusedWholeOrStoredExactlyAndTheChainStaysIntact() async throws {
        let database = try await Server.freshDatabase(.sqlite)
        let seeded = try await CLI.run(["parties", "import", try CLI.temporaryFile(String(decoding: Self.original, as: UTF8.self)), "--database", database])
        #expect(seeded.status == 0, "\(seeded.stderr)")
        var generator = SeededGenerator(seed: 20_261_206)
        for round in 0..<30 {
            let mutated = Self.mutate(Self.original, &generator)
            let path = try CLI.temporaryFile("", name: "mutated-\(round).csv")
            try mutated.write(to: URL(fileURLWithPath: path))
            let before = try await Self.storedParties(database)
            let result = try await CLI.run(["parties", "import", path, "--database", database])
            #expect([0, 2].contains(result.status), "round \(round): status \(result.status): \(result.stderr)")
            let after = try await Self.storedParties(database)
            if result.status == 2 {
                #expect(after == before, "round \(round): a refused file changed the store")
                #expect(!result.stderr.isEmpty)
            }
            for party in after {
                #expect(!party.name.contains("\u{FFFD}"), "round \(round): \(party.id) stored with a replacement character")
                #expect(!party.name.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "round \(round): \(party.id) has a control character")
            }
        }
        let verify = try await CLI.run(["audit", "verify", "--database", database])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }
}
