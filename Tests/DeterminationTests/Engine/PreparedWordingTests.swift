import Determination
import Testing

/// The wording the engine prepares when the tables load (chart phrases per destination, row phrases per
/// CCL row, exception-line quotations) reads exactly as the findings wrote it when it was formatted per call.
@Suite struct PreparedWordingTests {
    @Test("a Country Chart row without an X reads 'COLUMN: NAME's Country Chart row has no X under COLUMN'")
    func unmarkedChartRowNamesTheDestinationAndColumn() throws {
        let answer = try Fixture.determine("3A001.a.2", to: "IN")
        let finding = try #require(answer.findings.first { $0.reason == "NS2" })
        #expect(finding.explanation == "NS2: India's Country Chart row has no X under NS2")
    }

    @Test("a Country Chart row with an X names the item, the row's scope, the destination and the column")
    func markedChartRowNamesItemScopeDestinationAndColumn() throws {
        let answer = try Fixture.determine("3A001.a.2", to: "CN")
        let finding = try #require(answer.findings.first { $0.reason == "NS2" && $0.outcome == .licenseRequired })
        #expect(finding.explanation.hasPrefix("3A001.a.2 is within the NS2 row (scope \""))
        #expect(finding.explanation.hasSuffix("\"); China's Country Chart row has an X under NS2"))
    }

    @Test("Hong Kong and the Ukrainian regions keep their own names in chart findings, not their chart row's")
    func chartFindingsUseTheDestinationsOwnName() throws {
        let hongKong = try Fixture.determine("3A001.a.2", to: "HK")
        #expect(hongKong.findings.contains { $0.explanation.hasSuffix("; Hong Kong's Country Chart row has an X under NS2") })
        let crimea = try Fixture.determine("4A994", to: "UA-43")
        #expect(crimea.findings.contains { $0.explanation == "AT1: Crimea region of Ukraine's Country Chart row has no X under AT1" })
    }

    @Test("a destination written with spaces, lower case or a no-break space resolves like its plain code")
    func destinationCodesAreTrimmedAndUpperCased() throws {
        let plain = try Fixture.determine("3A001.a.2", to: "DE")
        for written in [" de", "De ", "\u{00A0}DE", "DE\u{2003}", "\tde\n"] {
            #expect(try Fixture.determine("3A001.a.2", to: written) == plain)
        }
    }

    @Test("an exception line is quoted as 'ECCN CODE line: \"text\"' in its unmet conditions")
    func exceptionLineQuotation() throws {
        let answer = try Fixture.determine("3B001.c.1.a", to: "JP")
        let gbs = try #require(answer.exception("GBS"))
        #expect(gbs.unmet.first?.hasPrefix("3B001 GBS line: \"Yes, except a.3 (molecular beam epitaxial growth") == true)
    }
}
