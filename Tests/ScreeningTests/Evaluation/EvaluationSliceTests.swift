import BundledData
import Foundation
import DataFormats
import Testing

@testable import Screening

/// One labelled query of the evaluation slice.
private struct SliceQuery {
    let id: String
    let query: ScreeningQuery
    /// `positive`, `random_negative` or `near_miss`.
    let kind: String
    /// The evaluation's category (`spelling`, `romanisation`, `vessel_aircraft`, ...) or the kind for negatives.
    let category: String
    /// The listed entity a positive was made from; empty for negatives.
    let target: String
}

/// The slice of eval/ that the test run screens: Tests/ScreeningTests/Fixtures/EvaluationSlice, made by
/// `EVAL_SLICE=1 scripts/eval` (eval/generate.py --slice, seed and command in its generation.json) from the
/// evaluation's tuning half.
private enum EvaluationSlice {
    static let directory = ListTestSupport.fixturesDirectory.appendingPathComponent("EvaluationSlice", isDirectory: true)

    static func records(_ file: String) throws -> [CSVRecord] {
        var stream = CSVReader()
        let data = try Data(contentsOf: directory.appendingPathComponent(file))
        return try stream.feed(data) + stream.finish()
    }

    /// The queries, read the way `clearance screen --input` reads them, joined with their labels by id.
    static func load() throws -> [SliceQuery] {
        let queryRecords = try records("queries.csv")
        let header = try BatchHeader(try #require(queryRecords.first))
        var queries: [String: ScreeningQuery] = [:]
        for record in queryRecords.dropFirst() {
            let (id, query) = header.query(from: record)
            queries[try #require(id, "queries.csv line \(record.line) has no id")] = try query.get()
        }
        let labelRecords = try records("labels.csv")
        #expect(labelRecords.first?.fields == ["id", "kind", "category", "perturbation", "target"])
        return try labelRecords.dropFirst().map { record in
            #expect(record.fields.count == 5, "labels.csv line \(record.line)")
            let id = record.fields[0]
            let query = try #require(queries[id], "labels.csv line \(record.line): no query \(id) in queries.csv")
            return SliceQuery(id: id, query: query, kind: record.fields[1], category: record.fields[2], target: record.fields[4])
        }
    }
}

/// The bundled lists, loaded once for every test here.
private let bundledLists: [ParsedList] = {
    do {
        return try ListLoader.load(directory: BundledData.listsDirectory)
    } catch {
        fatalError("the bundled lists must load: \(error)")
    }
}()

private let bundledScreener = Screener(lists: bundledLists)

/// Recall and false-positive rates of the engine on the slice, at the default threshold and limit (as `scripts/eval` runs it).
private struct SliceFigures {
    var found: [String: Int] = [:]
    var positives: [String: Int] = [:]
    var randomAlerts = 0, randomNegatives = 0
    var nearMissAlerts = 0, nearMisses = 0

    init(_ slice: [SliceQuery], screener: Screener) {
        for item in slice {
            let alerts = screener.screen(item.query, options: ScreeningOptions())
            switch item.kind {
            case "positive":
                positives[item.category, default: 0] += 1
                if alerts.contains(where: { $0.entityID == item.target }) { found[item.category, default: 0] += 1 }
            case "random_negative":
                randomNegatives += 1
                if !alerts.isEmpty { randomAlerts += 1 }
            default:
                nearMisses += 1
                if !alerts.isEmpty { nearMissAlerts += 1 }
            }
        }
    }

    var recall: Double { Double(found.values.reduce(0, +)) / Double(max(positives.values.reduce(0, +), 1)) }
    func recall(_ category: String) -> Double { Double(found[category] ?? 0) / Double(max(positives[category] ?? 0, 1)) }
    var randomRate: Double { Double(randomAlerts) / Double(max(randomNegatives, 1)) }
    var nearMissRate: Double { Double(nearMissAlerts) / Double(max(nearMisses, 1)) }

    var summary: String {
        let categories = positives.keys.sorted().map { "\($0) \(found[$0] ?? 0)/\(positives[$0] ?? 0)" }
        return "recall \(recall) (\(categories.joined(separator: ", "))); random negatives alerting \(randomAlerts)/\(randomNegatives); "
            + "near misses alerting \(nearMissAlerts)/\(nearMisses)"
    }
}

/// Floors from the engine after issue 13's engine work, just under what it reaches on the slice: overall recall
/// 288 of 300 (0.96) minus 0.01 = 0.95; each category's count today minus 1 of its 30 queries; false-positive
/// rates today plus 1 of 100 (random: 2 today) and 2 of 100 (near misses: 4 today). (Issue 13's "before": 251 of
/// 300, 2 random and 11 near misses.) Legal forms raised to 29 when contractions of company words a list also holds
/// as words (GP / Group) reached 30 of 30. Raised on 2026-12-08 when Hong Kong surname spellings, doubled letters
/// and Palladius sia / xia took the slice to 293 of 300 (romanisation 29, spelling 29): recall 0.96, romanisation 28,
/// spelling 28. Raise them when the engine improves; never lower them to let a change through.
private enum Floors {
    static let recall = 0.96
    static let categoryRecall: [String: Double] = [
        "alias": 29.0 / 30, "control": 29.0 / 30, "format": 28.0 / 30, "legal_form": 29.0 / 30, "order": 29.0 / 30,
        "partial": 26.0 / 30, "romanisation": 28.0 / 30, "script": 29.0 / 30, "spelling": 28.0 / 30,
        "vessel_aircraft": 28.0 / 30,
    ]
    static let randomRate = 0.03
    static let nearMissRate = 0.06
}

@Suite("Evaluation slice: the engine keeps its recall and precision on names it was not taught")
struct EvaluationSliceTests {
    @Test("the slice is intact: every query reads as the CLI reads it and every target is a listed entity")
    func sliceIsIntact() throws {
        let slice = try EvaluationSlice.load()
        #expect(slice.count >= 300)
        #expect(Set(slice.map(\.id)).count == slice.count)
        let listed = Set(bundledLists.flatMap { $0.entities.map(\.id) })
        for item in slice where item.kind == "positive" {
            #expect(listed.contains(item.target), "query \(item.id): target \(item.target) is not in the bundled lists")
        }
        #expect(Set(slice.map(\.kind)) == ["positive", "random_negative", "near_miss"])
    }

    @Test("recall on the slice stays at or above its floor, overall and in every category")
    func recallStaysAboveItsFloor() throws {
        let figures = SliceFigures(try EvaluationSlice.load(), screener: bundledScreener)
        #expect(figures.recall >= Floors.recall, "\(figures.summary)")
        for (category, floor) in Floors.categoryRecall.sorted(by: { $0.key < $1.key }) {
            #expect(figures.recall(category) >= floor, "\(category): \(figures.summary)")
        }
    }

    @Test("random and near-miss negatives of the slice alert no more often than their ceilings")
    func falsePositiveRatesStayBelowTheirCeilings() throws {
        let figures = SliceFigures(try EvaluationSlice.load(), screener: bundledScreener)
        #expect(figures.randomRate <= Floors.randomRate, "\(figures.summary)")
        #expect(figures.nearMissRate <= Floors.nearMissRate, "\(figures.summary)")
    }
}
