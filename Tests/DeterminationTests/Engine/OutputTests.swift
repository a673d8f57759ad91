import Determination
import Foundation
import Testing

/// The hand-written JSON line says exactly what the `Encodable` conformance says; text output reads well.
@Suite struct OutputTests {
    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    @Test(arguments: [
        ("3A001.a.2", "CN"), ("3A001.b.3", "JP"), ("EAR99", "SY"), ("0A501.y.7", "CN"), ("USML", "DE"), ("3B993", "DE"),
    ])
    func jsonLineEqualsTheEncodableOutput(eccn: String, destination: String) throws {
        let hit = PartyHit(
            list: .entityList, entry: ListEntryReference(id: "x:1", name: "Quote \"Co\"\n\\", list: "EL", score: 0.91))
        let answer = try Fixture.determine(
            eccn, to: destination, parties: [PartyScreening(name: "Quote \"Co\"", hits: [hit])], redFlags: ["tab\there"])
        let line = answer.jsonLine()
        #expect(!line.contains("\n"))
        #expect(try Self.object(Data(line.utf8)) == Self.object(answer.jsonData()))
        let led = try Self.object(Data(answer.jsonLine(line: 7, id: "o-7").utf8))
        #expect(led["line"] as? Int == 7)
        #expect(led["id"] as? String == "o-7")
    }

    @Test func errorLineNamesTheLineAndTheProblem() throws {
        let object = try Self.object(Data(Determination.errorLine("line 3: eccn: \"x\" is not an ECCN", line: 3, id: nil).utf8))
        #expect(object["line"] as? Int == 3)
        #expect((object["error"] as? String)?.contains("\"x\"") == true)
    }

    @Test func textOutputHasVerdictFindingsExceptionsAndData() throws {
        let text = try Fixture.determine("9A610.x", to: "FR", value: "1200", facts: ["for-aircraft-in-9A610.b=no"]).text
        #expect(text.hasPrefix("LICENSE_REQUIRED: 9A610.x to FR — a license is required unless a license exception below applies"))
        #expect(text.contains("[LICENSE_REQUIRED] GP1 NS1 — Wassenaar Arrangement (multilateral)"))
        #expect(text.contains("LVS (740.3): may apply"))
        #expect(text.contains("Data: EAR tables:"))
        #expect(text.contains("Toggles: ai_diffusion_enforced=false"))
    }
}
