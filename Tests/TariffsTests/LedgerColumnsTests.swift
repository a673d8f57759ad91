import Foundation
import DataFormats
import Tariffs
import Testing

@Suite("Ledger columns: found by name, facts read, mistakes named with line and field")
struct LedgerColumnsTests {
    private func record(_ fields: [String], line: Int) -> CSVRecord {
        CSVReader.records(in: Data((Array(repeating: "\n", count: line - 1).joined() + fields.joined(separator: ",") + "\n").utf8))[0]
    }

    @Test("a column that looks like one the ledger reads is refused, other columns are left alone")
    func nearMissColumns() throws {
        #expect(throws: LedgerError.self) { try LedgerColumns(header: record(["hts", "origin", "value", "date", "usmca"], line: 1), defaultDate: nil) }
        #expect(throws: Never.self) { try LedgerColumns(header: record(["hts", "origin", "value", "date", "supplier"], line: 1), defaultDate: nil) }
    }

    @Test("facts are read from their columns and bad cells name their line and field")
    func facts() throws {
        let columns = try LedgerColumns(
            header: record(["hts", "origin", "value", "date", "usmca_qualifying", "steel_content"], line: 1), defaultDate: nil)
        let request = try columns.request(record(["8504.40.95", "mx", "1000", "2025-06-01", "yes", "250.50"], line: 2))
        #expect(request.origin == "MX" && request.facts.usmcaQualifying && request.facts.steelContent == USD("250.50"))
        do {
            _ = try columns.request(record(["8504.40.95", "MX", "1000", "2025-06-01", "perhaps", ""], line: 7))
            Issue.record("accepted")
        } catch {
            #expect(error.line == 7 && error.field == "usmca_qualifying")
        }
    }
}
