import DataFormats

/// Duty exposure of a ledger: totals by layer, by origin and by HTS chapter, at the ledger's dates and,
/// when asked, at a comparison date.
public struct LedgerSummary: Sendable, Hashable {
    /// One group's figures.
    public struct Figures: Sendable, Hashable {
        /// Lines in the group.
        public var lines = 0
        /// Their entered value.
        public var value = USD.zero
        /// The duty in the total.
        public var duty = USD.zero
        /// The duty at the comparison date.
        public var compareDuty = USD.zero

        mutating func add(lines: Int = 1, value: USD, duty: USD, compare: USD) {
            self.lines += lines
            self.value = self.value + value
            self.duty = self.duty + duty
            self.compareDuty = self.compareDuty + compare
        }

        mutating func merge(_ other: Figures) {
            add(lines: other.lines, value: other.value, duty: other.duty, compare: other.compareDuty)
        }
    }

    /// Every line assessed.
    public var total = Figures()
    /// Lines whose total is conditional (a fact is needed or a point is to review).
    public var conditional = 0
    /// Lines that could not be assessed.
    public var errors = 0
    /// By `kind heading` of each layer in the total.
    public var byLayer: [String: Figures] = [:]
    /// By country of origin.
    public var byOrigin: [String: Figures] = [:]
    /// By HTS chapter.
    public var byChapter: [String: Figures] = [:]
    /// The comparison date, when the ledger was also assessed at one.
    public var compareDate: CivilDate?

    /// An empty summary.
    public init(compareDate: CivilDate? = nil) {
        self.compareDate = compareDate
    }

    /// Adds one line's assessment, and its assessment at the comparison date when there is one.
    public mutating func add(_ answer: DutyAssessment, compare: DutyAssessment?) {
        let value = answer.request.value
        let compareDuty = compare?.totalAmount ?? .zero
        total.add(value: value, duty: answer.totalAmount, compare: compareDuty)
        if answer.isConditional || compare?.isConditional == true { conditional += 1 }
        byOrigin[answer.request.origin, default: Figures()].add(value: value, duty: answer.totalAmount, compare: compareDuty)
        byChapter[answer.request.hts.chapter, default: Figures()].add(value: value, duty: answer.totalAmount, compare: compareDuty)
        var seen: Set<String> = []
        for layer in answer.layers where layer.inTotal {
            let key = "\(layer.kind.rawValue) \(layer.heading.hasPrefix("99") ? layer.heading : "column rate")"
            let compareAmount = compare?.layers.first { $0.inTotal && $0.kind == layer.kind && $0.heading == layer.heading }?.amount ?? .zero
            byLayer[key, default: Figures()].add(lines: seen.contains(key) ? 0 : 1, value: value, duty: layer.amount ?? .zero, compare: compareAmount)
            seen.insert(key)
        }
        for layer in compare?.layers ?? [] where layer.inTotal {
            let key = "\(layer.kind.rawValue) \(layer.heading.hasPrefix("99") ? layer.heading : "column rate")"
            guard !answer.layers.contains(where: { $0.inTotal && $0.kind == layer.kind && $0.heading == layer.heading }) else { continue }
            byLayer[key, default: Figures()].add(lines: 0, value: .zero, duty: .zero, compare: layer.amount ?? .zero)
        }
    }

    /// Counts a line that could not be assessed.
    public mutating func addError() { errors += 1 }

    /// Adds another part of the same ledger.
    public mutating func merge(_ other: LedgerSummary) {
        total.merge(other.total)
        conditional += other.conditional
        errors += other.errors
        for (key, figures) in other.byLayer { byLayer[key, default: Figures()].merge(figures) }
        for (key, figures) in other.byOrigin { byOrigin[key, default: Figures()].merge(figures) }
        for (key, figures) in other.byChapter { byChapter[key, default: Figures()].merge(figures) }
    }

    /// The summary as one JSON object: `{"summary": {lines, errors, conditional, value, duty, [compare_date,
    /// compare_duty, difference], by_layer, by_origin, by_chapter}}`, groups by duty, largest first.
    public var json: String {
        var writer = JSONWriter()
        writer.openObject()
        writer.key("summary")
        writer.openObject()
        writer.key("lines"); writer.number(total.lines)
        writer.key("errors"); writer.number(errors)
        writer.key("conditional"); writer.number(conditional)
        figures(total, into: &writer, counted: false)
        for (name, groups) in [("by_layer", byLayer), ("by_origin", byOrigin), ("by_chapter", byChapter)] {
            writer.key(name)
            writer.openArray()
            for (key, group) in Self.ordered(groups) {
                writer.openObject()
                writer.key(name == "by_layer" ? "layer" : name == "by_origin" ? "origin" : "chapter")
                writer.string(key)
                figures(group, into: &writer, counted: true)
                writer.closeObject()
            }
            writer.closeArray()
        }
        writer.closeObject()
        writer.closeObject()
        return writer.text
    }

    private func figures(_ group: Figures, into writer: inout JSONWriter, counted: Bool) {
        if counted {
            writer.key("lines")
            writer.number(group.lines)
        }
        writer.key("value"); writer.number(group.value.description)
        writer.key("duty"); writer.number(group.duty.description)
        if let compareDate {
            writer.key("compare_date"); writer.string(compareDate.description)
            writer.key("compare_duty"); writer.number(group.compareDuty.description)
            writer.key("difference"); writer.number((group.compareDuty - group.duty).description)
        }
    }

    /// The summary as tables for a person.
    public var text: String {
        var lines: [String] = []
        let compareHeader = compareDate.map { "  at \($0)      change" } ?? ""
        lines.append("Ledger: \(total.lines) lines, \(errors) with errors, \(conditional) conditional")
        lines.append("Value USD \(total.value), duty USD \(total.duty)" + (compareDate.map { ", at \($0) USD \(total.compareDuty) (change \(total.compareDuty - total.duty))" } ?? ""))
        for (title, groups) in [("By layer", byLayer), ("By origin", byOrigin), ("By HTS chapter", byChapter)] {
            lines.append("")
            lines.append("\(title):\(String(repeating: " ", count: max(1, 34 - title.count)))lines        duty USD\(compareHeader)")
            for (key, group) in Self.ordered(groups) {
                var row = "  \(key.padded(32)) \(String(group.lines).leftPadded(7)) \(group.duty.description.leftPadded(15))"
                if compareDate != nil {
                    row += " \(group.compareDuty.description.leftPadded(15)) \((group.compareDuty - group.duty).description.leftPadded(12))"
                }
                lines.append(row)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func ordered(_ groups: [String: Figures]) -> [(String, Figures)] {
        groups.sorted { ($0.value.duty, $0.value.compareDuty, $1.key) > ($1.value.duty, $1.value.compareDuty, $0.key) }
    }
}
