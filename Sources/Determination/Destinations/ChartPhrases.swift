/// The words a CCL row's finding uses for a destination's Country Chart marks, written once per destination
/// when the tables load, so that a determination joins prepared text instead of formatting it (a class: shared, not
/// copied, by every determination to the destination).
final class ChartPhrases: Sendable {
    /// `; NAME's Country Chart row has an X under COLUMN`, by `ChartColumn.ordinal`.
    let marked: [String]
    /// `NAME's Country Chart row has no X under COLUMN`, by `ChartColumn.ordinal`.
    let unmarked: [String]
    /// `COLUMN: NAME's Country Chart row has no X under COLUMN` (the whole NLR explanation of a row labelled
    /// by its column), by `ChartColumn.ordinal`.
    let unmarkedRow: [String]

    init(name: String) {
        marked = ChartColumn.allCases.map { "; \(name)'s Country Chart row has an X under \($0.rawValue)" }
        unmarked = ChartColumn.allCases.map { "\(name)'s Country Chart row has no X under \($0.rawValue)" }
        unmarkedRow = ChartColumn.allCases.map { "\($0.rawValue): \(name)'s Country Chart row has no X under \($0.rawValue)" }
    }
}

extension ChartColumn {
    /// The column's position in `allCases`, for tables indexed by column.
    var ordinal: Int {
        switch self {
        case .cb1: 0
        case .cb2: 1
        case .cb3: 2
        case .np1: 3
        case .np2: 4
        case .ns1: 5
        case .ns2: 6
        case .mt1: 7
        case .rs1: 8
        case .rs2: 9
        case .fc1: 10
        case .cc1: 11
        case .cc2: 12
        case .cc3: 13
        case .at1: 14
        case .at2: 15
        }
    }
}

extension String {
    /// `first`, `second` and `third` joined into one string sized for them (one allocation).
    static func concatenating(_ first: String, _ second: String, _ third: String) -> String {
        var text = ""
        text.reserveCapacity(first.utf8.count + second.utf8.count + third.utf8.count)
        text.append(first)
        text.append(second)
        text.append(third)
        return text
    }
}
