import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// How many malformed records a list may hold: reported within `ListTolerance`, refused beyond it.
    @Suite struct ListToleranceTests {
        private static let header = DeniedPersonsList.columns.map { "\"\($0)\"" }.joined(separator: "\t")

        /// A Denied Persons List of `good` sound rows with a short (malformed) row after each row number in `bad`.
        private static func dpl(good: Int, badAfter bad: Set<Int>) -> ListFile {
            var lines = [header]
            for index in 0..<good {
                lines.append(["PERSON \(index)", "1 MAIN ST", "MIAMI", "FL", "", "33101", "01/02/2020", "01/02/2030", "Y",
                              "2020-01-03", "F.R. NOTICE ADDED", "85 F.R. \(index) 1/3/2020"].map { "\"\($0)\"" }.joined(separator: "\t"))
                if bad.contains(index) {
                    lines.append("\"BROKEN \(index)\"\t\"2 MAIN ST\"")
                }
            }
            return ListFile(path: "us/dpl/dpl.txt", data: Data((lines.joined(separator: "\n") + "\n").utf8))
        }

        private static func load(_ file: ListFile) throws -> ParsedList {
            try ListLoader.parse(entry: try ListSeeds.entry("us-dpl"), format: .bisDPLTSV, files: .init(primary: file), sha256: "")
        }

        @Test("malformed records within 1% are skipped and each is reported with its line")
        func malformedRecordsWithinTheToleranceAreReported() throws {
            let list = try Self.load(Self.dpl(good: 200, badAfter: [10, 150]))
            #expect(list.entities.count == 200)
            #expect(list.issues.map(\.line) == [13, 154])
            #expect(list.issues.allSatisfy { $0.message == "expected 12 fields, found 2; record skipped" })
        }

        @Test("more than 1% of records malformed refuses the list, naming the first bad records")
        func moreThanOnePercentMalformedIsRefused() {
            let error = #expect(throws: ListLoadError.self) { try Self.load(Self.dpl(good: 200, badAfter: [10, 150, 160])) }
            guard case .tooManyMalformedRecords(let source, let malformed, let records, let first) = error else {
                Issue.record("expected tooManyMalformedRecords, got \(String(describing: error))")
                return
            }
            #expect(source == "us-dpl")
            #expect(malformed == 3)
            #expect(records == 203)
            #expect(first.map(\.description) == [
                "us/dpl/dpl.txt:13: expected 12 fields, found 2; record skipped",
                "us/dpl/dpl.txt:154: expected 12 fields, found 2; record skipped",
                "us/dpl/dpl.txt:165: expected 12 fields, found 2; record skipped",
            ])
            #expect(error?.description.hasPrefix("list us-dpl: 3 of 203 records are malformed, more than 25 records or 1% of them allows; first: us/dpl/dpl.txt:13:") == true)
        }

        @Test("more than 25 malformed records refuse even a large list")
        func moreThanTheCountLimitIsRefused() {
            #expect(ListTolerance.allows(malformed: 25, of: 3_000))
            #expect(!ListTolerance.allows(malformed: 26, of: 3_000))
            #expect(!ListTolerance.allows(malformed: 1, of: 99))
            #expect(ListTolerance.allows(malformed: 0, of: 0))
            let error = #expect(throws: ListLoadError.self) { try Self.load(Self.dpl(good: 3_000, badAfter: Set(0..<26))) }
            #expect(error?.description.contains("26 of 3026 records are malformed") == true, "\(String(describing: error))")
        }

        @Test("a cut-off last row is refused, unless the manifest declares the list partial")
        func cutOffIsRefusedUnlessTheListIsPartial() throws {
            let whole = Self.dpl(good: 120, badAfter: [])
            let cut = ListFile(path: whole.path, data: whole.data.dropLast(9))
            #expect(throws: ListLoadError.cutOff(file: "us/dpl/dpl.txt", line: 121, detail: "the file ends inside the quoted field opened on line 121")) {
                try Self.load(cut)
            }
            var partial = try ListSeeds.entry("us-dpl")
            partial.partial = "cut off on purpose"
            let list = try ListLoader.parse(entry: partial, format: .bisDPLTSV, files: .init(primary: cut), sha256: "")
            #expect(list.entities.count == 119)
            #expect(list.issues.map(\.description) == ["us/dpl/dpl.txt:121: the file is cut off here (the file ends inside the quoted field opened on line 121); record skipped"])
        }

        @Test("the bundled CSL, cut off mid-row, is read only because its manifest entry says partial")
        func bundledCSLIsRefusedWhenImportedAsAWholeFile() throws {
            let path = "us/csl/csl_TRUNCATED_2023-11.csv"
            let file = ListFile(path: path, data: try Data(contentsOf: ListTestSupport.listsDirectory.appendingPathComponent(path)))
            #expect(throws: ListLoadError.cutOff(file: path, line: 4_233, detail: "the file ends inside the quoted field opened on line 4233")) {
                try ListLoader.parse(entry: try ListSeeds.entry("us-csl"), format: .tradeGovCSLCSV, files: .init(primary: file), sha256: "")
            }
        }
    }
}
