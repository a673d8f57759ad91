import Foundation

/// OFAC's legacy CSV set: `sdn.csv`, `add.csv`, `alt.csv`, `sdn_comments.csv` (and the identical
/// `cons_prim`/`cons_add`/`cons_alt`/`cons_comments` of the non-SDN list).
///
/// The files have no header and join on `ent_num`. Null is `-0- ` (with a trailing space), the
/// last line is a Ctrl-Z byte, and Remarks cut at 1,000 characters continue in the comments file.
enum OFACLegacyCSV {
    /// The files of one OFAC list; only the primary file is required.
    struct Files: Sendable {
        var primary: ListFile
        var addresses: ListFile?
        var aliases: ListFile?
        var comments: ListFile?
    }

    /// Where OFAC cuts a Remarks field that continues in the comments file.
    static let remarksCut = 1_000

    /// Entities with ids `<source>:<ent_num>`.
    ///
    /// Every file must be UTF-8 text (`TextCheck`); a file whose last row ends without a line break
    /// or inside a quoted field is reported in `cutOff`. Rows of the joined files whose ent_num is
    /// not in the primary file are skipped records (their aliases or addresses belong to no one).
    static func parse(source: String, files: Files) throws(ListLoadError) -> ParseOutput {
        for file in [files.primary, files.addresses, files.aliases, files.comments].compactMap({ $0 }) {
            try TextCheck.validate(file)
        }
        var output = ParseOutput()
        let comments = files.comments.map { readComments($0, output: &output) } ?? Joined()
        let aliases = files.aliases.map { readAliases($0, output: &output) } ?? Joined()
        let addresses = files.addresses.map { readAddresses($0, output: &output) } ?? Joined()

        var seen = Set<Int>()
        for record in records(of: files.primary, output: &output) {
            let issue = { (field: String?, message: String) in
                output.issues.append(ParseIssue(file: files.primary.path, line: record.line, field: field, message: message))
            }
            let skip = { (field: String?, message: String) in
                output.skip(file: files.primary.path, line: record.line, field: field, message: message)
            }
            guard record.fields.count == 12 else {
                skip(nil, "expected 12 fields, found \(record.fields.count); record skipped")
                continue
            }
            let fields = record.fields
            guard let entNum = Int(fields[0].trimmedText) else {
                skip("ent_num", "not a number: \"\(fields[0])\"; record skipped")
                continue
            }
            guard let name = nonNull(fields[1]) else {
                skip("SDN_Name", "ent_num \(entNum) has no name; record skipped")
                continue
            }
            guard seen.insert(entNum).inserted else {
                skip("ent_num", "ent_num \(entNum) appears again; record skipped")
                continue
            }
            let type = entityType(fields[2])
            if type == .unknown {
                issue("SDN_Type", "unknown type \"\(fields[2].trimmedText)\"; kept as unknown")
            }

            var remarksText = nonNull(fields[11])
            if let continuation = comments.values[entNum], !continuation.isEmpty {
                remarksText = (remarksText ?? "") + continuation
            } else if let text = remarksText, text.utf8.count >= remarksCut {
                issue("Remarks", "cut at \(remarksCut) characters with no continuation in the comments file; its last item may be incomplete")
            }
            let remarks = remarksText.map(OFACRemarks.parse) ?? OFACRemarks()
            for item in remarks.unreadable {
                issue("Remarks", "unreadable or impossible date of birth \"\(item)\"; left in remarks")
            }

            output.add(Entity(
                id: "\(source):\(entNum)",
                source: source,
                programs: programs(fields[3]),
                type: type,
                name: name,
                aliases: (aliases.values[entNum] ?? []) + remarks.aliases,
                datesOfBirth: remarks.datesOfBirth,
                nationalities: remarks.nationalities,
                addresses: addresses.values[entNum] ?? [],
                identifiers: vesselIdentifiers(fields) + remarks.identifiers,
                remarks: remarksText
            ), file: files.primary.path, line: record.line)
        }

        for joined in [comments.rows, aliases.rows, addresses.rows] {
            for (entNum, place) in joined where !seen.contains(entNum) {
                output.skip(file: place.file, line: place.line, field: "ent_num", message: "ent_num \(entNum) is not in \(files.primary.path); record skipped")
            }
        }
        output.issues.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        output.skipped.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        return output
    }

    /// The well-formed records of `file`; faulty ones are skipped and a cut-off end noted in `output`.
    private static func records(of file: ListFile, output: inout ParseOutput) -> [ListRecord] {
        let contents = ListCSV.read(file.data)
        output.records += contents.records.count
        if output.cutOff == nil, let cut = contents.cutOff {
            output.cutOff = ParseIssue(file: file.path, line: cut.line, message: cut.detail)
        }
        return contents.records.filter { record in
            guard let fault = record.fault else { return true }
            output.skip(file: file.path, line: record.line, message: "malformed row: \(fault); record skipped")
            return false
        }
    }

    // MARK: - Fields

    /// The field's text, or nil for OFAC's null `-0- ` and for empty fields.
    static func nonNull(_ field: String) -> String? {
        let text = field.trimmedText
        return text.isEmpty || text == "-0-" ? nil : text
    }

    static func entityType(_ field: String) -> EntityType {
        switch field.trimmedText.lowercased() {
        case "individual": .person
        case "vessel": .vessel
        case "aircraft": .aircraft
        case "-0-", "": .organization
        default: .unknown
        }
    }

    /// `SDGT] [SYRIA` → `["SDGT", "SYRIA"]` (OFAC drops the outer brackets).
    static func programs(_ field: String) -> [String] {
        guard let text = nonNull(field) else { return [] }
        return text.parts(separatedBy: "] [").compactMap { part in
            var program = Substring(part.trimmedText)
            if program.hasPrefix("[") { program = program.dropFirst() }
            if program.hasSuffix("]") { program = program.dropLast() }
            let trimmed = program.trimmedText
            return trimmed.isEmpty ? nil : trimmed
        }
    }

    private static func vesselIdentifiers(_ fields: [String]) -> [Identifier] {
        var identifiers: [Identifier] = []
        if let callSign = nonNull(fields[5]) {
            identifiers.append(Identifier(kind: "Call Sign", value: callSign))
        }
        if let vesselType = nonNull(fields[6]) {
            identifiers.append(Identifier(kind: "Vessel Type", value: vesselType))
        }
        if let flag = nonNull(fields[9]) {
            identifiers.append(Identifier(kind: "Vessel Flag", value: flag, country: CountryCodes.code(forName: flag)))
        }
        if let owner = nonNull(fields[10]) {
            identifiers.append(Identifier(kind: "Vessel Owner", value: owner))
        }
        return identifiers
    }

    // MARK: - Joined files

    /// A file joined on ent_num: what it says per ent_num, and where each ent_num first appears.
    private struct Joined<Value> {
        var values: [Int: Value] = [:]
        var rows: [Int: (file: String, line: Int)] = [:]
    }

    /// Rows of a joined file with the expected field count and a numeric ent_num.
    private static func rows(
        of file: ListFile, fieldCount: Int, output: inout ParseOutput
    ) -> [(entNum: Int, fields: [String], line: Int)] {
        var rows: [(entNum: Int, fields: [String], line: Int)] = []
        for record in records(of: file, output: &output) {
            guard record.fields.count == fieldCount else {
                output.skip(file: file.path, line: record.line, message: "expected \(fieldCount) fields, found \(record.fields.count); record skipped")
                continue
            }
            guard let entNum = Int(record.fields[0].trimmedText) else {
                output.skip(file: file.path, line: record.line, field: "ent_num", message: "not a number: \"\(record.fields[0])\"; record skipped")
                continue
            }
            rows.append((entNum, record.fields, record.line))
        }
        return rows
    }

    /// Reads a joined file; `value` turns a row into its contribution, or nil (with an issue) to skip it.
    private static func join<Value>(
        _ file: ListFile, fieldCount: Int, into initial: Value, output: inout ParseOutput,
        _ add: (inout Value, _ fields: [String], _ line: Int, _ output: inout ParseOutput) -> Void
    ) -> Joined<Value> {
        var joined = Joined<Value>()
        for row in rows(of: file, fieldCount: fieldCount, output: &output) {
            if joined.rows[row.entNum] == nil {
                joined.rows[row.entNum] = (file.path, row.line)
            }
            add(&joined.values[row.entNum, default: initial], row.fields, row.line, &output)
        }
        return joined
    }

    /// `ent_num, remarks_extended`: continuations in file order, joined without a space (cuts fall mid-word).
    private static func readComments(_ file: ListFile, output: inout ParseOutput) -> Joined<String> {
        join(file, fieldCount: 2, into: "", output: &output) { text, fields, _, _ in
            if nonNull(fields[1]) != nil { text += fields[1] }
        }
    }

    /// `ent_num, alt_num, alt_type, alt_name, alt_remarks`: strong aliases, kind `aka`/`fka`/`nka`.
    private static func readAliases(_ file: ListFile, output: inout ParseOutput) -> Joined<[Alias]> {
        join(file, fieldCount: 5, into: [], output: &output) { aliases, fields, line, output in
            guard let name = nonNull(fields[3]) else {
                output.skip(file: file.path, line: line, field: "alt_name", message: "alias has no name; record skipped")
                return
            }
            aliases.append(Alias(name: name, strength: .strong, kind: nonNull(fields[2])?.lowercased() ?? "aka"))
        }
    }

    /// `ent_num, add_num, Address, City/State/Province/Postal Code, Country, add_remarks`.
    ///
    /// OFAC writes city, region and postal code in one field; it goes to `city` as written.
    /// All-null rows (OFAC's "no address known") give no address.
    private static func readAddresses(_ file: ListFile, output: inout ParseOutput) -> Joined<[Address]> {
        join(file, fieldCount: 6, into: [], output: &output) { addresses, fields, _, _ in
            let address = Address(
                street: nonNull(fields[2]),
                city: nonNull(fields[3]),
                country: nonNull(fields[4]).flatMap(CountryCodes.resolve)
            )
            if address != Address() { addresses.append(address) }
        }
    }
}
