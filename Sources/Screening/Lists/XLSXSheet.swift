import Foundation
import DataFormats

/// Reads the first worksheet of an Office Open XML spreadsheet (`.xlsx`) into rows of cell text.
///
/// The archive's `xl/workbook.xml` names the first sheet and `xl/_rels/workbook.xml.rels` its part;
/// shared strings (`t="s"`), inline strings (`t="inlineStr"`), formula text (`t="str"`), booleans
/// and numbers are read as text. A number whose cell style is a date format is a day serial (days
/// since 1899-12-30, or since 1904-01-01 in a workbook with `date1904`) and is written `DD/MM/YYYY`,
/// as the OFSI list writes its dates as text. A cell that cannot be read (a shared string index
/// out of range, an error value, an impossible date serial) marks its row `fault`, naming the cell.
/// Every XML part is checked (UTF-8, well-formed) and then read by `XMLScan`.
enum XLSXSheet {
    /// A non-empty spreadsheet row: its 1-based number, its cells by column, and what is wrong with it.
    struct Row: Sendable, Hashable {
        var number: Int
        var cells: [String]
        /// The first unreadable cell (`AB12: shared string 99999 does not exist`), nil when all were read.
        var fault: String?
    }

    /// Columns beyond this many are not read (a crafted `r="XFD1"` must not allocate 16,384 cells per row).
    static let maxColumns = ODSSheet.maxColumns

    static func rows(of file: ListFile) throws(ListLoadError) -> [Row] {
        let parts = try ZipMember.extractAll(from: file) { name in
            name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" || name == "xl/sharedStrings.xml"
                || name == "xl/styles.xml" || name.hasPrefix("xl/worksheets/")
        }
        func part(_ name: String) throws(ListLoadError) -> ListFile? {
            parts[name].map { ListFile(path: "\(file.path)/\(name)", data: $0) }
        }
        guard let workbookFile = try part("xl/workbook.xml") else {
            throw .malformedFile(file: file.path, line: nil, detail: "the archive has no xl/workbook.xml; is it an Excel (.xlsx) workbook?")
        }
        let workbook = WorkbookReader()
        try XMLScan.read(workbookFile, into: workbook)
        let sheetPath = try firstSheetPath(workbook: workbook, rels: try part("xl/_rels/workbook.xml.rels"), in: file)
        guard let sheetFile = try part(sheetPath) else {
            throw .malformedFile(file: file.path, line: nil, detail: "the workbook's first sheet \(sheetPath) is not in the archive")
        }
        var strings: [String] = []
        if let sharedFile = try part("xl/sharedStrings.xml") {
            let reader = SharedStringsReader()
            try XMLScan.read(sharedFile, into: reader)
            strings = reader.strings
        }
        var dateStyles = Set<Int>()
        if let stylesFile = try part("xl/styles.xml") {
            let reader = StylesReader()
            try XMLScan.read(stylesFile, into: reader)
            dateStyles = reader.dateStyles
        }
        let reader = SheetReader(strings: strings, dateStyles: dateStyles, date1904: workbook.date1904)
        try XMLScan.read(sheetFile, into: reader)
        return reader.rows
    }

    /// The archive path of the workbook's first sheet.
    private static func firstSheetPath(workbook: WorkbookReader, rels: ListFile?, in file: ListFile) throws(ListLoadError) -> String {
        guard let relation = workbook.firstSheetRelation else {
            throw .malformedFile(file: "\(file.path)/xl/workbook.xml", line: nil, detail: "the workbook lists no sheet")
        }
        guard let rels else {
            throw .malformedFile(file: file.path, line: nil, detail: "the archive has no xl/_rels/workbook.xml.rels to find the sheet \(relation) in")
        }
        let reader = RelationshipsReader()
        try XMLScan.read(rels, into: reader)
        guard let target = reader.targets[relation] else {
            throw .malformedFile(file: rels.path, line: nil, detail: "no relationship \(relation) for the workbook's first sheet")
        }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }

    /// The 0-based column of a cell reference (`AB12` → 27), nil when it has no letters or too many.
    static func column(of reference: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in reference.utf8 {
            guard (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) else { break }
            column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            letters += 1
            guard letters <= 3 else { return nil }
        }
        return letters == 0 ? nil : column - 1
    }

    /// A day serial as `DD/MM/YYYY`, nil when it is not a whole-day count within years 1900-9999.
    static func dateText(serial text: String, date1904: Bool) -> String? {
        guard let value = Double(text), value.isFinite, value >= 1, value < 2_958_466 else { return nil }
        let days = Int(value.rounded(.down))
        let date = CivilDate(dayNumber: days - (date1904 ? 24_107 : 25_569))
        let two = { (number: Int) in number < 10 ? "0\(number)" : "\(number)" }
        return "\(two(date.day))/\(two(date.month))/\(date.year)"
    }

    /// Whether a number format shows a date: the built-in date formats, or a format code with a day,
    /// month or year part outside quoted text and brackets.
    static func isDateFormat(id: Int, code: String?) -> Bool {
        if (14...22).contains(id) || (45...47).contains(id) { return true }
        guard let code else { return false }
        var quoted = false
        var bracketed = false
        for character in code.lowercased() {
            switch character {
            case "\"": quoted.toggle()
            case "[" where !quoted: bracketed = true
            case "]" where !quoted: bracketed = false
            case "d", "m", "y":
                if !quoted && !bracketed { return true }
            default: break
            }
        }
        return false
    }
}

/// `xl/workbook.xml`: the first sheet's relationship id and the date system.
private final class WorkbookReader: XMLScanHandler {
    private(set) var firstSheetRelation: String?
    private(set) var date1904 = false
    let wantsText = false

    func start(_ name: String, _ tag: XMLScan.Tag) {
        switch name {
        case "sheet" where firstSheetRelation == nil:
            firstSheetRelation = tag.attribute("r:id")
        case "workbookPr":
            date1904 = ["1", "true"].contains(tag.attribute("date1904") ?? "")
        default: break
        }
    }

    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// `xl/_rels/workbook.xml.rels`: relationship targets by id.
private final class RelationshipsReader: XMLScanHandler {
    private(set) var targets: [String: String] = [:]
    let wantsText = false

    func start(_ name: String, _ tag: XMLScan.Tag) {
        if name == "Relationship", let id = tag.attribute("Id"), let target = tag.attribute("Target") {
            targets[id] = target
        }
    }

    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// `xl/sharedStrings.xml`: each `si`'s text runs (`t`), phonetic runs (`rPh`) left out.
private final class SharedStringsReader: XMLScanHandler {
    private(set) var strings: [String] = []
    private var current = ""
    private var inText = false
    private var phonetic = 0

    var wantsText: Bool { inText }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        switch name {
        case "si": current = ""
        case "t": inText = phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func text(_ text: String) {
        current += text
    }

    func end(_ name: String) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": phonetic -= 1
        default: break
        }
    }
}

/// `xl/styles.xml`: which cell styles (`cellXfs` indexes) show dates.
private final class StylesReader: XMLScanHandler {
    private var codes: [Int: String] = [:]
    private var styleFormats: [Int] = []
    private var inCellXfs = false
    let wantsText = false

    var dateStyles: Set<Int> {
        Set(styleFormats.indices.filter { XLSXSheet.isDateFormat(id: styleFormats[$0], code: codes[styleFormats[$0]]) })
    }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        switch name {
        case "numFmt":
            if let id = tag.attribute("numFmtId").flatMap({ Int($0) }) { codes[id] = tag.attribute("formatCode") }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: styleFormats.append(tag.attribute("numFmtId").flatMap { Int($0) } ?? 0)
        default: break
        }
    }

    func end(_ name: String) {
        if name == "cellXfs" { inCellXfs = false }
    }

    func text(_ text: String) {}
}

/// A worksheet: `row` / `c` (`r`, `s`, `t`) / `v` or `is`/`t`.
private final class SheetReader: XMLScanHandler {
    private let strings: [String]
    private let dateStyles: Set<Int>
    private let date1904: Bool
    private(set) var rows: [XLSXSheet.Row] = []

    private var rowNumber = 0
    private var cells: [String] = []
    private var fault: String?
    private var nextColumn = 0
    private var cellColumn: Int?
    private var cellReference = ""
    private var cellType = ""
    private var cellStyle = 0
    private var value = ""
    private var inValue = false

    var wantsText: Bool { inValue }

    init(strings: [String], dateStyles: Set<Int>, date1904: Bool) {
        self.strings = strings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        switch name {
        case "row":
            let stated = tag.attribute("r").flatMap { Int($0) }
            rowNumber = stated.map { max($0, rowNumber + 1) } ?? rowNumber + 1
            cells = []
            fault = nil
            nextColumn = 0
        case "c":
            let reference = tag.attribute("r")
            cellReference = reference ?? ""
            cellColumn = reference.map { XLSXSheet.column(of: $0) } ?? nextColumn
            cellType = tag.attribute("t") ?? "n"
            cellStyle = tag.attribute("s").flatMap { Int($0) } ?? 0
            value = ""
        case "v", "t":
            inValue = true
        default: break
        }
    }

    func text(_ text: String) {
        value += text
    }

    func end(_ name: String) {
        switch name {
        case "v", "t":
            inValue = false
        case "c":
            endCell()
        case "row":
            if !cells.isEmpty || fault != nil {
                rows.append(XLSXSheet.Row(number: rowNumber, cells: cells, fault: fault))
            }
        default: break
        }
    }

    private func endCell() {
        let place = cellReference.isEmpty ? "row \(rowNumber) cell \(nextColumn + 1)" : cellReference
        guard let column = cellColumn, column < XLSXSheet.maxColumns, column >= nextColumn else {
            if fault == nil { fault = "\(place): cell reference out of order or beyond column \(XLSXSheet.maxColumns)" }
            return
        }
        nextColumn = column + 1
        let text: String
        switch cellType {
        case "s":
            guard !value.isEmpty else { return }
            guard let index = Int(value.trimmedText), strings.indices.contains(index) else {
                if fault == nil { fault = "\(place): shared string \(value) does not exist" }
                return
            }
            text = strings[index]
        case "inlineStr", "str":
            text = value
        case "b":
            text = value == "1" ? "TRUE" : "FALSE"
        case "n":
            guard !value.isEmpty, dateStyles.contains(cellStyle) else {
                text = value
                break
            }
            guard let date = XLSXSheet.dateText(serial: value, date1904: date1904) else {
                if fault == nil { fault = "\(place): \(value) is not a day the date format can show" }
                return
            }
            text = date
        default:
            if fault == nil { fault = "\(place): a cell of type \"\(cellType)\" (\(value)) is not a value" }
            return
        }
        let trimmed = text.trimmedText
        guard !trimmed.isEmpty else { return }
        if cells.count < column { cells += Array(repeating: "", count: column - cells.count) }
        cells.append(trimmed)
    }
}
