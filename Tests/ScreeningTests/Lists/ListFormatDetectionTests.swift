import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// `clearance lists import` and the upload recognise a list file by its content.
    @Suite struct ListFormatDetectionTests {
        @Test("every real list file is recognised as its format", arguments: [
            ("Data/lists/ofac/sdn/sdn.csv", ListFormat.ofacLegacyCSV), ("Data/lists/un/UN_consolidated.xml", .unConsolidatedXML),
            ("Data/lists/us/dpl/dpl.txt", .bisDPLTSV), ("Data/lists/us/csl/csl_TRUNCATED_2023-11.csv", .tradeGovCSLCSV),
            ("Tests/ScreeningTests/Fixtures/csl_SAMPLE_2019.csv", .tradeGovCSLCSV),
            ("Data/lists/uk/FCDO_SL_2025-08-11_SUMMARY.ods", .ukSanctionsListODS),
            ("Tests/ScreeningTests/Fixtures/ofac_enhanced/CONS_ENHANCED.ZIP", .ofacEnhancedXML),
            ("Tests/ScreeningTests/Fixtures/eu/eu_fsf_excerpt_2026-08-05.xml", .euFinancialSanctionsXML),
            ("Tests/ScreeningTests/Fixtures/eu/eu_fsf_excerpt_2020-04-15_b.xml", .euFinancialSanctionsXML),
            ("Tests/ScreeningTests/Fixtures/ofac_advanced/SDN_ADVANCED_excerpt_2024-02-23.xml", .ofacAdvancedXML),
        ])
        func realFilesAreRecognised(path: String, format: ListFormat) throws {
            let data = try Data(contentsOf: ListTestSupport.repositoryRoot.appendingPathComponent(path))
            #expect(ListFormatDetection.detectFormat(data) == format)
        }

        @Test("the unzipped enhanced XML is recognised by its root; text that is no list format is not recognised")
        func rootsAndUnknownText() throws {
            let zip = try NewFormatSupport.fixture(OFACEnhancedXMLTests.zipPath)
            #expect(ListFormatDetection.detectFormat(try OFACEnhancedXML.unzippedIfNeeded(zip).data) == .ofacEnhancedXML)
            #expect(ListFormatDetection.detect(Data("<?xml version=\"1.0\"?>\n<!-- c -->\n<x:export xmlns:x=\"e\"/>".utf8)) == "eu-fsf-xml")
            #expect(ListFormatDetection.detect(Data("name,country\nACME,CN\n".utf8)) == nil)
            #expect(ListFormatDetection.detect(Data("<html></html>".utf8)) == nil)
            #expect(ListFormatDetection.detect(Data()) == nil)
        }
    }
}
