import Foundation
import DataFormats
import Synchronization

/// Where a License Requirements row sends the item, once its wording is read.
enum RuleDestination: Sendable, Hashable {
    /// A Country Chart column: a license is needed where the destination's row has an X.
    case chart(ChartColumn)
    /// A license is needed to the destinations of the set.
    case set(DestinationSet)
    /// An AI Diffusion rule: `enforced` while the toggle is on, `fallback` (plus 744.23(a)(3)) otherwise.
    case aiDiffusion(enforced: DestinationSet, fallback: DestinationSet)
    /// The destinations are not in the bundled data.
    case review
    /// A note, never a requirement.
    case note
    /// The item is subject to the ITAR.
    case itar
}

/// One License Requirements row, read and ready to evaluate.
///
/// A class: rows are built once per rule book and shared by every determination without copying.
final class ControlRule: Sendable {
    /// The reason for control, e.g. `NS`, or `(LR note)`.
    let reason: String
    /// The reason as findings name it: `NS1` for chart rows, `RS` for others.
    let label: String
    let scope: ParagraphScope
    let destination: RuleDestination
    /// The citation, e.g. `742.4; Supp. No. 1 to Part 738`.
    let citation: String
    /// The row's destination wording in words (the data's text, or the chart column).
    let wording: String
    /// How the wording was read (the matching rule's explanation).
    let reading: String
    let flags: [String]
    /// The data row.
    let source: RowLocation
    /// `[source]`, for findings, built once.
    let sources: [RowLocation]
    /// `scope "…"`, as findings quote the row's scope.
    let scopeWords: String
    /// Whether the row is a UN arms-embargo row (GP6).
    let isUN: Bool
    /// ` is within the LABEL row (scope "…")`, as a requirement finding words it after the item.
    let withinRow: String

    init(
        reason: String, label: String, scope: ParagraphScope, destination: RuleDestination, citation: String,
        wording: String, reading: String, flags: [String], source: RowLocation
    ) {
        self.reason = reason
        self.label = label
        self.scope = scope
        self.destination = destination
        self.citation = citation
        self.wording = wording
        self.reading = reading
        self.flags = flags
        self.source = source
        self.sources = [source]
        self.scopeWords = "scope \"\(scope.text)\""
        self.isUN = reason == "UN"
        self.withinRow = " is within the \(label) row (scope \"\(scope.text)\")"
    }
}

/// What kind of CCL entry an ECCN is.
enum EntryKind: Sendable, Hashable {
    /// An entry with License Requirements.
    case controlled
    /// A cross-reference to the ITAR.
    case itar(String)
    /// An entry with no items of its own (heading only, or items moved elsewhere).
    case noItems(String)
    /// An entry whose License Requirements the data did not capture.
    case uncaptured
}

/// One ECCN with its rows read, its license-exception lines, and which table the rows came from.
final class CompiledEntry: Sendable {
    let eccn: String
    let heading: String
    let productGroup: Character
    let kind: EntryKind
    /// The requirement rows (not notes).
    let rules: [ControlRule]
    /// License Requirement Notes and other notes.
    let notes: [ControlRule]
    /// Where each exception line is (`file:line`), by code.
    let lineSources: [String: RowLocation]
    /// The exception lines as the CCL has them, by code.
    private let lineTexts: [String: String]
    /// The lines read, on first use: a determination needs one entry's lines, so loading reads none.
    private let readLines = Mutex<ReadLines?>(nil)
    /// LVS values stated in dollars (the newer summary's parsed values when it has the ECCN).
    let lvsValues: [Int]
    /// Which table the rows came from and why.
    let provenance: String
    /// The note every determination of the entry carries: `ECCN rows: provenance`.
    let rowsNote: String
    /// The note each License Requirement Note adds when it reaches the item, parallel to `notes`.
    let noteLines: [String]
    /// Whether any requirement row names a Country Chart column (746.7(a)(1)).
    let namesChartColumn: Bool
    /// The regime of each reason for this entry, for ordinary and for `.z` paragraphs.
    let regimes: [String: Regime]
    let zRegimes: [String: Regime]

    init(
        eccn: String, heading: String, productGroup: Character, kind: EntryKind, rules: [ControlRule],
        notes: [ControlRule], exceptionLines: [String: String], lineSources: [String: RowLocation], lvsValues: [Int],
        provenance: String, regimes: [RegimeRule]
    ) {
        self.eccn = eccn
        self.heading = heading
        self.productGroup = productGroup
        self.kind = kind
        self.rules = rules
        self.notes = notes
        self.lineTexts = exceptionLines
        self.lineSources = lineSources
        self.lvsValues = lvsValues
        self.provenance = provenance
        self.rowsNote = "\(eccn) rows: \(provenance)"
        self.noteLines = notes.map { "\(eccn) License Requirement Note (\($0.source)): \($0.wording)" }
        self.namesChartColumn = rules.contains { if case .chart = $0.destination { true } else { false } }
        var ordinary: [String: Regime] = [:]
        var z: [String: Regime] = [:]
        for reason in Set(rules.map(\.reason)) {
            ordinary[reason] = RuleBook.regime(regimes, eccn: eccn, paragraph: nil, reason: reason, finding: nil)
            z[reason] = RuleBook.regime(regimes, eccn: eccn, paragraph: "z", reason: reason, finding: nil)
        }
        self.regimes = ordinary
        self.zRegimes = z
    }
}

extension CompiledEntry {
    /// The entry's exception lines read: by code, the STA paragraph, and the lines the exception screen tries.
    struct ReadLines: Sendable {
        let byCode: [String: ExceptionLine]
        let sta: STALine?
        /// The list-based lines in the order `Evaluation.listBasedCodes` tries them.
        let screened: [ScreenedLine]
    }

    /// One list-based line as the exception screen quotes it (a class: read once per entry, shared by every
    /// determination of it without copying the line's clauses).
    final class ScreenedLine: Sendable {
        let code: String
        let line: ExceptionLine
        /// `ECCN CODE line: "text"`, as unmet conditions quote it.
        let quoted: String

        init(code: String, line: ExceptionLine, quoted: String) {
            self.code = code
            self.line = line
            self.quoted = quoted
        }
    }

    /// The list-based exception and STA lines, by code (the CCL's verbatim text), read.
    var exceptionLines: [String: ExceptionLine] { lines().byCode }

    /// The entry's STA paragraph read into restrictions (nil when the entry has none).
    var staLine: STALine? { lines().sta }

    /// The lines read, on first use (one lock per call: read it once per determination).
    func lines() -> ReadLines {
        readLines.withLock { read in
            if let read { return read }
            let byCode = lineTexts.mapValues { ExceptionLine($0, eccn: eccn) }
            let screened = Evaluation.listBasedCodes.compactMap { code in
                byCode[code].map { ScreenedLine(code: code, line: $0, quoted: "\(eccn) \(code) line: \"\($0.text)\"") }
            }
            let made = ReadLines(byCode: byCode, sta: lineTexts["STA"].map { STALine($0, eccn: eccn) }, screened: screened)
            read = made
            return made
        }
    }
}
