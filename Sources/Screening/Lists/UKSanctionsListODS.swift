import Foundation
import ZIPFoundation

/// The UK Sanctions List summary export (OpenDocument spreadsheet, first sheet, header row).
///
/// Ids are `uk:<Unique ID>` (the UK list reference, e.g. `uk:AFG0001`). The export holds primary
/// names only. Issues give the spreadsheet row number as the line.
enum UKSanctionsListODS {
    static let requiredColumns = ["Unique ID", "Name", "Regime Name", "Type"]

    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        let rows = try ODSSheet.rows(of: file)
        guard let header = rows.first else {
            throw .unreadableHeader(file: file.path, line: 1, detail: "the first sheet is empty")
        }
        let column = try HeaderCheck.columns(of: (header.cells, header.number), in: file, required: requiredColumns)

        var output = ParseOutput()
        output.records = rows.count - 1
        var seen = Set<String>()
        for row in rows.dropFirst() {
            let cell = { (name: String) -> String in
                column[name].flatMap { $0 < row.cells.count ? row.cells[$0] : nil } ?? ""
            }
            let uniqueID = cell("Unique ID")
            let name = cell("Name")
            guard !uniqueID.isEmpty, !name.isEmpty else {
                output.skip(file: file.path, line: row.number, field: uniqueID.isEmpty ? "Unique ID" : "Name", message: "empty; row skipped")
                continue
            }
            guard seen.insert(uniqueID).inserted else {
                output.skip(file: file.path, line: row.number, field: "Unique ID", message: "\(uniqueID) appears again; row skipped")
                continue
            }
            let type = entityType(cell("Type"))
            if type == .unknown {
                output.issues.append(ParseIssue(file: file.path, line: row.number, field: "Type", message: "unknown type \"\(cell("Type"))\"; kept as unknown"))
            }
            let details = ["OFSI Group ID", "Designation source", "Date Designated", "Sanctions Imposed"]
                .map { ($0, cell($0)) }
                .filter { !$0.1.isEmpty }
                .map { "\($0.0): \($0.1)" }
            output.add(Entity(
                id: "\(source):\(uniqueID)", source: source,
                programs: [cell("Regime Name")].filter { !$0.isEmpty },
                type: type, name: name,
                remarks: details.isEmpty ? nil : details.joined(separator: "; ")
            ), file: file.path, line: row.number)
        }
        return output
    }

    static func entityType(_ text: String) -> EntityType {
        switch text.lowercased() {
        case "individual": .person
        case "entity": .organization
        case "ship": .vessel
        default: .unknown
        }
    }
}

/// Reads the first sheet of an ODS file into rows of trimmed cell text.
enum ODSSheet {
    /// A non-empty spreadsheet row: its 1-based number in the sheet and its cells.
    struct Row: Sendable, Hashable {
        var number: Int
        var cells: [String]
    }

    /// Repeated cells beyond this many columns are not materialised (sheets repeat the empty
    /// trailing cell up to column 16,384).
    static let maxColumns = 1_024

    /// The largest `number-rows-repeated` / `number-columns-repeated` honoured; larger (crafted)
    /// values are clamped so that row and column arithmetic cannot overflow.
    static let maxRepeat = 1 << 20

    /// A repeat attribute's count: 1 when absent, unreadable or below 1, at most `maxRepeat`.
    static func repeatCount(_ attribute: String?) -> Int {
        guard let attribute, let count = Int(attribute), count > 1 else { return 1 }
        return min(count, maxRepeat)
    }

    /// The rows of the first sheet; the archive and its `content.xml` are checked (`XMLScan.read`) first.
    static func rows(of file: ListFile) throws(ListLoadError) -> [Row] {
        let content = try contentXML(of: file)
        let reader = ODSReader()
        try XMLScan.read(ListFile(path: "\(file.path)/content.xml", data: content), into: reader)
        return reader.rows
    }

    /// `content.xml` of the archive (see `ZipMember`).
    private static func contentXML(of file: ListFile) throws(ListLoadError) -> Data {
        guard let member = try ZipMember.extract(from: file, what: "content.xml", choose: { $0 == "content.xml" }) else {
            throw .malformedFile(file: file.path, line: nil, detail: "the archive has no content.xml; is it an OpenDocument spreadsheet?")
        }
        return member.data
    }
}

/// Reads `content.xml`: `table:table-row` / `table:table-cell` / `text:p` (by local name, as `XMLScan` gives them).
private final class ODSReader: XMLScanHandler {
    private(set) var rows: [ODSSheet.Row] = []

    private var tableDepth = 0
    private var finishedFirstTable = false
    private var rowNumber = 0
    private var rowRepeat = 1
    private var cells: [String] = []
    /// Empty cells seen since the last non-empty one: added only if a non-empty cell follows.
    private var pendingEmpty = 0
    private var cellRepeat = 1
    private var paragraphs: [String] = []
    private var paragraph = ""
    private var inParagraph = false

    private var reading: Bool { tableDepth == 1 && !finishedFirstTable }

    var wantsText: Bool { inParagraph }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        switch name {
        case "table":
            tableDepth += 1
        case "table-row" where reading:
            rowNumber = Self.saturatingSum(rowNumber, 1)
            rowRepeat = ODSSheet.repeatCount(tag.attribute("table:number-rows-repeated"))
            cells = []
            pendingEmpty = 0
        case "table-cell", "covered-table-cell":
            guard reading else { return }
            cellRepeat = ODSSheet.repeatCount(tag.attribute("table:number-columns-repeated"))
            paragraphs = []
        case "p" where reading:
            inParagraph = true
            paragraph = ""
        case "s" where inParagraph:
            paragraph += String(repeating: " ", count: min(max(1, tag.attribute("text:c").flatMap { Int($0) } ?? 1), ODSSheet.maxColumns))
        case "tab" where inParagraph, "line-break" where inParagraph:
            paragraph += " "
        default:
            break
        }
    }

    func text(_ string: String) {
        if inParagraph { paragraph += string }
    }

    func end(_ name: String) {
        switch name {
        case "table":
            if tableDepth == 1 { finishedFirstTable = true }
            tableDepth -= 1
        case "p" where inParagraph:
            inParagraph = false
            paragraphs.append(paragraph)
        case "table-cell" where reading, "covered-table-cell" where reading:
            let text = paragraphs.joined(separator: " ").trimmedText
            if text.isEmpty {
                // Only up to `maxColumns` empty cells can ever be materialised.
                pendingEmpty = min(pendingEmpty + cellRepeat, ODSSheet.maxColumns)
            } else {
                let room = max(0, ODSSheet.maxColumns - cells.count)
                cells += Array(repeating: "", count: min(pendingEmpty, room))
                pendingEmpty = 0
                cells += Array(repeating: text, count: min(cellRepeat, max(0, ODSSheet.maxColumns - cells.count)))
            }
        case "table-row" where reading:
            if !cells.isEmpty {
                rows.append(ODSSheet.Row(number: rowNumber, cells: cells))
            }
            // A repeated row is read once: repeats of a non-empty row would be duplicate entries.
            rowNumber = Self.saturatingSum(rowNumber, rowRepeat - 1)
        default:
            break
        }
    }

    /// `a + b`, or `Int.max` where that would overflow (row numbers of a crafted sheet).
    private static func saturatingSum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }
}
