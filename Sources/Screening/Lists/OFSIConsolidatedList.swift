import Foundation

/// The OFSI Consolidated List ("ConList") of financial sanctions targets in the UK, as OFSI published
/// it until January 2026: an Excel workbook (`.xlsx`, first sheet) or a CSV file, one row per name,
/// the rows of one designation sharing a `Group ID`. A `Last Updated` row (the publication day)
/// may precede the header row, which names the columns (`Name 6`, `Name 1`-`Name 5`, `Title`, `DOB`,
/// `Nationality`, `Passport Number`, `Address 1`-`6`, `Other Information`, `Group Type`, `Alias Type`,
/// `Alias Quality`, `Regime`, `Group ID`, ...).
///
/// **Ids.** `uk:<UK Sanctions List Ref>` (e.g. `uk:RUS0001`), read from `Other Information`'s
/// `(UK Sanctions List Ref):` label: the id the FCDO summary export and XML give the same designation,
/// so a store whose UK list came from either keeps its matches and cases on the same parties. A
/// group without a reference of that form (three letters, four digits) gets `uk:<Group ID>` (digits
/// only, so it cannot collide with a reference), reported as an issue.
///
/// **Names.** The row whose `Alias Type` is `Primary name` gives the name (Name 6, the surname,
/// first, then Name 1-5, as the FCDO formats write it); every other distinct name of the group is an
/// alias with its `Alias Type` (and `Alias Quality`) as kind. A `Low quality` alias is weak (screened
/// with a lower score, as OFAC's weak a.k.a.s and the UN's `Low` aliases are); `Good quality` and
/// unqualified aliases are strong. Non-Latin names are `original-script` aliases.
///
/// Issues give the spreadsheet row (the CSV line) as the line and the column as the field; a row
/// that cannot be read (a damaged cell, no `Group ID`, no name) is reported and skipped.
enum OFSIConsolidatedList {
    static let requiredColumns = ["Name 6", "Group Type", "Alias Type", "Group ID"]

    /// One row of the sheet or CSV: its number (line), cells and what is wrong with it.
    struct Row {
        var number: Int
        var cells: [String]
        var fault: String?
    }

    /// The `.xlsx` form (see `XLSXSheet`).
    static func parseWorkbook(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        let rows = try XLSXSheet.rows(of: file).map { Row(number: $0.number, cells: $0.cells, fault: $0.fault) }
        return try parse(source: source, file: file, rows: rows, cutOff: nil)
    }

    /// The CSV form (UTF-8; a file that ends inside a record is reported in `cutOff`).
    static func parseCSV(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        try TextCheck.validate(file)
        let contents = ListCSV.read(file.data)
        let rows = contents.records.map { Row(number: $0.line, cells: $0.fields, fault: $0.fault) }
        let cut = contents.cutOff.map { ParseIssue(file: file.path, line: $0.line, message: $0.detail) }
        return try parse(source: source, file: file, rows: rows, cutOff: cut)
    }

    static func parse(source: String, file: ListFile, rows: [Row], cutOff: ParseIssue?) throws(ListLoadError) -> ParseOutput {
        var output = ParseOutput()
        output.cutOff = cutOff
        // The header is the first row naming the columns; a `Last Updated` row may come before it.
        guard let headerIndex = rows.prefix(5).firstIndex(where: { $0.cells.contains("Group ID") && $0.cells.contains("Name 6") }) else {
            throw .unreadableHeader(file: file.path, line: rows.first?.number ?? 1, detail: "no header row with the columns \(requiredColumns.joined(separator: ", ")) in the first five rows; is this the OFSI Consolidated List?")
        }
        let header = rows[headerIndex]
        let column = try HeaderCheck.columns(of: (header.cells, header.number), in: file, required: requiredColumns)
        if let updated = rows[..<headerIndex].first(where: { $0.cells.first?.trimmedText == "Last Updated" }), updated.cells.count > 1 {
            output.published = FCDOSanctionsListXML.isoDay(updated.cells[1])
        }

        var groups: [String: [OFSIRow]] = [:]
        var order: [String] = []
        for row in rows[(headerIndex + 1)...] {
            output.records += 1
            if let fault = row.fault {
                output.skip(file: file.path, line: row.number, message: "unreadable row: \(fault); row skipped")
                continue
            }
            let cells = OFSIRow(number: row.number, cells: row.cells.map(\.trimmedText), column: column)
            if cells["Group ID"] == "Group ID" { continue }
            let group = cells["Group ID"]
            guard !group.isEmpty else {
                output.skip(file: file.path, line: row.number, field: "Group ID", message: "no Group ID; row skipped")
                continue
            }
            guard cells.fullName != nil else {
                output.skip(file: file.path, line: row.number, field: "Name 6", message: "no name in Name 1-6; row skipped")
                continue
            }
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(cells)
        }
        for group in order {
            guard let members = groups[group], let first = members.first else { continue }
            let entity = OFSIGroup(source: source, groupID: group, rows: members, file: file.path)
            output.issues += entity.issues
            output.add(entity.entity, file: file.path, line: first.number)
        }
        return output
    }
}

/// One row's cells by column name; a column the file lacks reads as empty.
struct OFSIRow {
    var number: Int
    /// The row's cells, each trimmed (`trimmedText`).
    var cells: [String]
    var column: [String: Int]

    subscript(name: String) -> String {
        column[name].flatMap { $0 < cells.count ? cells[$0] : nil } ?? ""
    }

    /// Name 6 (the surname, or the whole name of an entity or ship) then Name 1-5.
    var fullName: String? {
        ["Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5"].map { self[$0] }.filter { !$0.isEmpty }.joined(separator: " ").nilIfEmpty
    }
}
