import Foundation
import DataFormats
import Testing

/// The one loader of curated tables: `tables.json` checked alike for every data set, errors naming file,
/// line and field with the data set's advice.
@Suite("Table index: tables.json, table files, one data error")
struct TableIndexTests {
    private let dataset = TableDataset(unreadableAdvice: "Find the folder", manifestAdvice: "Fix the index", correctionAdvice: "Fix the table")
    private let dated = TableIndex.Rules(keys: ["a", "b"], labels: false, dated: true)

    /// A folder holding `files` (name → text), removed after `body`.
    private func folder<T>(_ files: [String: String], _ body: (URL) throws -> T) throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("table-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
        return try body(directory)
    }

    private func entry(_ table: String, file: String? = nil, stale: String = #","stale_after_days":30"#) -> String {
        #"{"table":"\#(table)","file":"\#(file ?? table + ".csv")","source":"s","vintage":"2026-01"\#(stale)}"#
    }

    private func index(_ tables: [String], coverage: String = #""coverage":{"from":"2026-01-01","to":"2026-03-31"},"#) -> String {
        "{" + coverage + #""tables":["# + tables.joined(separator: ",") + "]}"
    }

    private func error(_ manifest: String, rules: TableIndex.Rules? = nil) throws -> TableDataError? {
        try folder(["tables.json": manifest]) { directory in
            do throws(TableDataError) {
                _ = try TableIndex(directory: directory, dataset: dataset, rules: rules ?? dated)
                return nil
            } catch {
                return error
            }
        }
    }

    @Test("an index that is wrong is refused naming tables.json, what is wrong and what to do")
    func badIndexes() throws {
        let cases: [(String, String, String?)] = [
            (index([entry("a"), entry("b"), entry("c")]), #"unknown table "c""#, nil),
            (index([entry("a"), entry("a"), entry("b")]), #"table "a" is listed twice"#, nil),
            (index([entry("a", file: ""), entry("b")]), #"table "a" has an empty file, source or vintage"#, nil),
            (index([entry("a", stale: ""), entry("b")]), #"table "a" needs stale_after_days, a positive number of days"#, "stale_after_days"),
            (index([entry("a")]), #"table "b" is missing"#, nil),
            (index([entry("a"), entry("b")], coverage: #""coverage":{"from":"2026-04-01","to":"2026-03-31"},"#),
             "coverage needs from and to as YYYY-MM-DD, from not after to", "coverage"),
            ("{\"tables\":", "it does not decode", nil),
        ]
        for (manifest, message, column) in cases {
            let error = try #require(try error(manifest), "\(message)")
            #expect(error.file == "tables.json" && error.column == column && error.message.hasPrefix(message), "\(error)")
            #expect(error.description.hasSuffix(". Fix the index"), "\(error)")
        }
        let labelled = TableIndex.Rules(keys: nil, labels: true, dated: false)
        #expect(try error(index([entry("a", stale: "")], coverage: ""), rules: labelled)?.message == #"table "a" has an empty file, label, source or vintage"#)
    }

    @Test("a table's rows are read with the index's data set: a bad row names file, line and field, an unreadable file the folder")
    func tableFiles() throws {
        try folder(["tables.json": index([entry("a"), entry("b", file: "none.csv")]), "a.csv": "k,v\n1,x\n2\n"]) { directory in
            let tables = try TableIndex(directory: directory, dataset: dataset, rules: dated)
            #expect(tables.coverage == CivilDate("2026-01-01")!...CivilDate("2026-03-31")!)
            #expect(throws: TableDataError(dataset, file: "a.csv", line: 3, problem: .wrongFieldCount(expected: 2, found: 1))) {
                try tables.rows("a", columns: ["k", "v"])
            }
            #expect(throws: TableDataError(dataset, file: "a.csv", line: 1, column: "w", problem: .missingColumn)) {
                try tables.rows("a", columns: ["k", "v", "w"])
            }
            do throws(TableDataError) {
                _ = try tables.rows("b", columns: ["k"])
                Issue.record("a missing file was read")
            } catch {
                #expect(error.file == "none.csv" && error.description.hasSuffix(". Find the folder"))
                guard case .unreadable = error.problem else { Issue.record("\(error)"); return }
            }
            let unpacked = TableDataError(dataset, file: "inside.zip/a.csv", line: 2, column: "field 2", problem: .unterminatedQuote)
            #expect(throws: unpacked) { try tables.rows(in: Data("k,v\n1,\"x\n".utf8), file: "inside.zip/a.csv", columns: ["k", "v"]) }
            #expect(unpacked.description == "inside.zip/a.csv:2: column field 2: a quoted field opened here is never closed. Fix the table")
        }
    }
}
