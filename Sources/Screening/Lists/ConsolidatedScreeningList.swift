import Foundation

/// The trade.gov Consolidated Screening List CSV: the 2023 layout (29 columns, first `_id`) and
/// the 2019 layout (28 columns, no `_id`). Columns are found by header name.
///
/// Ids are `us-csl:<_id>`; without `_id`, `us-csl:<entity_number>`; without either,
/// `us-csl:` + the first 16 hex digits of SHA-256("<source abbreviation>|<name>|<addresses>|<start_date>"),
/// the name upper-cased with whitespace runs made one space. Multi-valued fields are joined by `; `.
enum ConsolidatedScreeningList {
    static let requiredColumns = ["source", "name"]

    /// Entities of every source not in `skipSources` (abbreviations such as `SDN`, `DPL`).
    ///
    /// Repeated header rows and rows of skipped sources are left out silently (they are not errors).
    /// The file must be UTF-8 text (`TextCheck`); a row that ends the file without a line break or
    /// inside a quoted field is reported in `cutOff`, not read.
    static func parse(source: String, file: ListFile, skipSources: Set<String> = []) throws(ListLoadError) -> ParseOutput {
        try TextCheck.validate(file)
        let contents = ListCSV.read(file.data)
        var records = contents.records[...]
        let header = records.popFirst()
        let column = try HeaderCheck.columns(of: header.map { ($0.fields, $0.line) }, in: file, required: requiredColumns)
        let fieldCount = header?.fields.count ?? 0

        var output = ParseOutput()
        output.records = records.count
        output.cutOff = contents.cutOff.map { ParseIssue(file: file.path, line: $0.line, message: $0.detail) }
        var seen = Set<String>()
        for record in records {
            let issue = { (field: String?, message: String) in
                output.issues.append(ParseIssue(file: file.path, line: record.line, field: field, message: message))
            }
            let skip = { (field: String?, message: String) in
                output.skip(file: file.path, line: record.line, field: field, message: message)
            }
            if let fault = record.fault {
                skip(nil, "malformed row: \(fault); record skipped")
                continue
            }
            guard record.fields.count == fieldCount else {
                skip(nil, "expected \(fieldCount) fields, found \(record.fields.count); record skipped")
                continue
            }
            let row = Row(fields: record.fields, column: column)
            if row["_id"] == "_id" || row["source"] == "source" {
                continue
            }
            let listName = row["source"]
            let abbreviation = sourceAbbreviation(listName)
            if let abbreviation, skipSources.contains(abbreviation) || skipSources.contains(String(abbreviation.prefix { $0 != " " })) {
                continue
            }
            let name = row["name"]
            guard !name.isEmpty else {
                skip("name", "no name; record skipped")
                continue
            }
            let nativeID = [row["_id"], row["entity_number"]].first { !$0.isEmpty }
                ?? derivedID(abbreviation: abbreviation ?? listName, name: name, addresses: row["addresses"], startDate: row["start_date"])
            let id = "\(source):\(nativeID)"
            guard seen.insert(id).inserted else {
                skip("_id", "id \(nativeID) appears again; record skipped")
                continue
            }
            let type = entityType(row["type"])
            if type == nil {
                issue("type", "unknown type \"\(row["type"])\"; kept as unknown")
            }

            var datesOfBirth: [DateOfBirth] = []
            for text in items(row["dates_of_birth"]) {
                if let date = dateOfBirth(text) {
                    datesOfBirth.append(date)
                } else {
                    issue("dates_of_birth", "unreadable or impossible date of birth \"\(text)\"; left out")
                }
            }
            var nationalities: [String] = []
            for code in items(row["citizenships"]) + items(row["nationalities"]) {
                if let country = CountryCodes.code(orName: code), !nationalities.contains(country) { nationalities.append(country) }
            }

            output.add(Entity(
                id: id, source: source,
                programs: [programName(listName)].filter { !$0.isEmpty } + items(row["programs"]),
                type: type ?? .unknown, name: name,
                aliases: items(row["alt_names"]).map { Alias(name: $0, strength: .strong, kind: "aka") },
                datesOfBirth: datesOfBirth, nationalities: nationalities,
                addresses: items(row["addresses"]).map(address),
                identifiers: vesselIdentifiers(row) + items(row["ids"]).compactMap(identifier),
                remarks: row["remarks"].isEmpty ? nil : row["remarks"],
                listing: ListingTerms(
                    licenseRequirement: row["license_requirement"].nilIfEmpty, licensePolicy: row["license_policy"].nilIfEmpty,
                    federalRegisterNotice: row["federal_register_notice"].nilIfEmpty, startDate: row["start_date"].nilIfEmpty
                ).nonEmpty
            ), file: file.path, line: record.line)
        }
        return output
    }

    /// A record's fields by column name; a column the layout lacks reads as empty.
    private struct Row {
        var fields: [String]
        var column: [String: Int]

        subscript(name: String) -> String {
            column[name].map { fields[$0].trimmedText } ?? ""
        }
    }

    // MARK: - Fields

    /// `Entity List (EL) - Bureau of Industry and Security` → `EL`.
    static func sourceAbbreviation(_ source: String) -> String? {
        guard let open = source.firstIndex(of: "("),
              let close = source[open...].firstIndex(of: ")") else { return nil }
        let abbreviation = source[source.index(after: open)..<close].trimmedText
        return abbreviation.isEmpty ? nil : abbreviation
    }

    /// `Entity List (EL) - Bureau of Industry and Security` → `Entity List (EL)`.
    static func programName(_ source: String) -> String {
        source.prefix(before: " - ")?.trimmedText ?? source
    }

    /// `Individual`/`Entity`/`Vessel`/`Aircraft`, or empty (BIS and State rows) for unknown;
    /// nil for a value the list is not known to use.
    static func entityType(_ field: String) -> EntityType? {
        switch field.lowercased() {
        case "individual": .person
        case "entity": .organization
        case "vessel": .vessel
        case "aircraft": .aircraft
        case "": .unknown
        default: nil
        }
    }

    static func items(_ field: String) -> [String] {
        field.parts(separatedBy: "; ").map(\.trimmedText).filter { !$0.isEmpty }
    }

    /// `1980-02-08`, `1980-02`, `1951`, or OFAC's forms (`circa 1960`, `Feb 1980`); nil for
    /// impossible dates (`1962-00-00`, `1980-02-30`).
    static func dateOfBirth(_ text: String) -> DateOfBirth? {
        DateOfBirth(iso: text) ?? OFACRemarks.dateOfBirth(text)
    }

    /// `street, city, state, postcode, ISO2` in principle; in practice streets hold commas and
    /// empty parts are left out, so parts are not read by position: the last part is the country
    /// when it is a code (a country name written before it is dropped), a short part with a digit
    /// before that the postal code (when more parts precede it), the part before that the city, and
    /// the rest the street.
    static func address(_ text: String) -> Address {
        var parts = text.parts(separatedBy: ", ").map(\.trimmedText).filter { !$0.isEmpty }
        var address = Address()
        if let last = parts.last, last.count == 2, CountryCodes.isKnownCode(last.uppercased()) {
            let code = last.uppercased()
            address.country = code
            parts.removeLast()
            if let name = parts.last, CountryCodes.code(forName: name) == code {
                parts.removeLast()
            }
        }
        if parts.count >= 2, let last = parts.last, last.count <= 10, last.contains(where: \.isNumber) {
            address.postalCode = last
            parts.removeLast()
        }
        if !parts.isEmpty {
            address.city = parts.removeLast()
        }
        let street = parts.joined(separator: ", ")
        address.street = street.isEmpty ? nil : street
        return address
    }

    /// `type, number, ISO2` (`Passport, U00242309, TR`); only kinds that identify (not `Gender`,
    /// `Target Type` or sanctions notes, which the CSL also puts here).
    static func identifier(_ text: String) -> Identifier? {
        var parts = text.parts(separatedBy: ", ").map(\.trimmedText)
        guard parts.count >= 2, let kind = OFACRemarks.identifierKind(label: parts[0]) else { return nil }
        parts.removeFirst()
        var country: String?
        if parts.count >= 2, let last = parts.last, last.count == 2, CountryCodes.isKnownCode(last) {
            country = last
            parts.removeLast()
        }
        let value = parts.joined(separator: ", ")
        return value.isEmpty ? nil : Identifier(kind: kind, value: value, country: country)
    }

    private static func vesselIdentifiers(_ row: Row) -> [Identifier] {
        var identifiers: [Identifier] = []
        if !row["call_sign"].isEmpty { identifiers.append(Identifier(kind: "Call Sign", value: row["call_sign"])) }
        if !row["vessel_type"].isEmpty { identifiers.append(Identifier(kind: "Vessel Type", value: row["vessel_type"])) }
        if !row["vessel_flag"].isEmpty {
            identifiers.append(Identifier(kind: "Vessel Flag", value: row["vessel_flag"], country: CountryCodes.code(orName: row["vessel_flag"]).flatMap { CountryCodes.isKnownCode($0) ? $0 : nil }))
        }
        if !row["vessel_owner"].isEmpty { identifiers.append(Identifier(kind: "Vessel Owner", value: row["vessel_owner"])) }
        return identifiers
    }

    private static func derivedID(abbreviation: String, name: String, addresses: String, startDate: String) -> String {
        StableID.of("\(abbreviation)|\(StableID.normalisedName(name))|\(addresses)|\(startDate)")
    }
}
