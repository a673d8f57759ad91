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
struct ControlRule: Sendable, Hashable {
    /// The reason for control, e.g. `NS`, or `(LR note)`.
    var reason: String
    /// The reason as findings name it: `NS1` for chart rows, `RS` for others.
    var label: String
    var scope: ParagraphScope
    var destination: RuleDestination
    /// The citation, e.g. `742.4; Supp. No. 1 to Part 738`.
    var citation: String
    /// The row's destination wording in words (the data's text, or the chart column).
    var wording: String
    /// How the wording was read (the matching rule's explanation).
    var reading: String
    var flags: [String]
    /// The data row.
    var source: RowLocation
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
struct CompiledEntry: Sendable {
    var eccn: String
    var heading: String
    var productGroup: Character
    var kind: EntryKind
    /// The requirement rows (not notes).
    var rules: [ControlRule]
    /// License Requirement Notes and other notes.
    var notes: [ControlRule]
    /// The list-based exception and STA lines, by code (the CCL's verbatim text).
    var exceptionLines: [String: String]
    /// LVS values stated in dollars (the newer summary's parsed values when it has the ECCN).
    var lvsValues: [Int]
    /// Which table the rows came from and why.
    var provenance: String
}
