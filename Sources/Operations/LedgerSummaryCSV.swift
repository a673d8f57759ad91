import Tariffs

extension LedgerSummary {
    /// The summary as CSV for a spreadsheet: `group,key,lines,value,duty` (and `compare_date,compare_duty,difference`
    /// with a what-if date), one row for the total then the groups by layer, origin and chapter, largest duty first;
    /// amounts in USD with two decimals, keys always quoted.
    public var csv: String {
        var rows = ["group,key,lines,value,duty" + (compareDate == nil ? "" : ",compare_date,compare_duty,difference")]
        func row(_ group: String, _ key: String, _ figures: Figures) {
            var row = "\(group),\"\(key.replacingOccurrences(of: "\"", with: "\"\""))\",\(figures.lines),\(figures.value),\(figures.duty)"
            if let compareDate { row += ",\(compareDate),\(figures.compareDuty),\(figures.compareDuty - figures.duty)" }
            rows.append(row)
        }
        row("total", "", total)
        for (group, groups) in [("layer", byLayer), ("origin", byOrigin), ("chapter", byChapter)] {
            for (key, figures) in groups.sorted(by: { ($0.value.duty, $0.value.compareDuty, $1.key) > ($1.value.duty, $1.value.compareDuty, $0.key) }) {
                row(group, key, figures)
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }
}
