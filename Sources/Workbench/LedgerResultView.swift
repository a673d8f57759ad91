import Foundation
import Hummingbird
import Operations
import Tariffs

/// A ledger job's result (`ledger.json`) as the Duty and transfers page shows a ledger report: the same tables and
/// chart, read back from the job's stored file; a result that cannot be read is a 500 page naming the field.
enum LedgerResultView {
    /// One group of the summary (`by_layer`, `by_origin`, `by_chapter` or the totals).
    private struct Figures {
        var key: String
        var lines: Int
        var value: USD
        var duty: USD
        var compareDuty: USD
    }

    /// The page values of the job `jobID`'s result `json`.
    static func values(_ json: String, jobID: String) throws(WorkbenchError) -> [String: Any] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any],
            let ledger = object["ledger"] as? [String: Any], let summary = ledger["summary"] as? [String: Any]
        else { throw unreadable("ledger.summary") }
        let compareDate = summary["compare_date"] as? String
        let total = try figures(summary, key: "", field: "ledger.summary")
        func groups(_ name: String, key: String) throws(WorkbenchError) -> [Figures] {
            guard let rows = summary[name] as? [[String: Any]] else { throw unreadable("ledger.summary.\(name)") }
            var groups: [Figures] = []
            for (index, row) in rows.enumerated() {
                guard let label = row[key] as? String else { throw unreadable("ledger.summary.\(name)[\(index)].\(key)") }
                groups.append(try figures(row, key: label, field: "ledger.summary.\(name)[\(index)]"))
            }
            return groups
        }
        let layers = try groups("by_layer", key: "layer")
        func rows(_ groups: [Figures]) -> [[String: Any]] {
            groups.map {
                [
                    "key": $0.key, "lines": $0.lines, "value": $0.value.description, "duty": $0.duty.description,
                    "compareDuty": $0.compareDuty.description, "difference": ($0.compareDuty - $0.duty).description,
                ] as [String: Any]
            }
        }
        guard let errors = object["errors"] as? [[String: Any]], let errorCount = summary["errors"] as? Int,
            let conditional = summary["conditional"] as? Int
        else { throw unreadable("errors") }
        var values: [String: Any] = [
            "lines": total.lines, "errorCount": errorCount, "conditional": conditional, "value": total.value.description,
            "duty": total.duty.description, "fromJob": true, "jobID": jobID, "ledgerName": object["name"] as? String ?? "",
            "compareDate": compareDate ?? "", "compared": compareDate != nil,
            "compareDuty": total.compareDuty.description, "difference": (total.compareDuty - total.duty).description,
            "byLayer": rows(layers), "byOrigin": rows(try groups("by_origin", key: "origin")),
            "byChapter": rows(try groups("by_chapter", key: "chapter")),
            "errors": try lineErrors(errors),
            "hasErrors": !errors.isEmpty, "moreErrors": errorCount > errors.count,
        ]
        if !layers.isEmpty {
            let bars = layers.map { (label: $0.key, first: TradeView.dollars($0.duty), second: compareDate == nil ? nil : TradeView.dollars($0.compareDuty)) }
            let words = layers.map { layer in "\(layer.key): USD \(layer.duty)" + (compareDate.map { ", at \($0) USD \(layer.compareDuty)" } ?? "") }
            values["chart"] = SVGChart.bars(
                bars, legend: ("duty at the ledger's dates", compareDate.map { "duty at \($0)" }), title: "Duty by layer",
                description: words.joined(separator: "; "), id: "ledger-chart")
        }
        return values
    }

    private static func figures(_ object: [String: Any], key: String, field: String) throws(WorkbenchError) -> Figures {
        func money(_ name: String) throws(WorkbenchError) -> USD {
            guard let number = object[name] as? NSNumber else { throw unreadable("\(field).\(name)") }
            return USD(cents: Int64((number.doubleValue * 100).rounded()))
        }
        guard let lines = object["lines"] as? Int else { throw unreadable("\(field).lines") }
        let compare = object["compare_duty"] == nil ? USD.zero : try money("compare_duty")
        return Figures(key: key, lines: lines, value: try money("value"), duty: try money("duty"), compareDuty: compare)
    }

    private static func lineErrors(_ errors: [[String: Any]]) throws(WorkbenchError) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        for (index, error) in errors.enumerated() {
            guard let line = error["line"] as? Int, let field = error["field"] as? String, let message = error["error"] as? String else {
                throw unreadable("errors[\(index)]")
            }
            rows.append(["line": line, "field": field, "message": message])
        }
        return rows
    }

    private static func unreadable(_ field: String) -> WorkbenchError {
        WorkbenchError(.internalServerError, "Result unreadable", "the ledger job's result ledger.json cannot be read at \(field)")
    }
}
