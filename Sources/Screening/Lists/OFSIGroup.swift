/// One designation of the OFSI Consolidated List: the rows sharing a `Group ID`, made one entity
/// (see `OFSIConsolidatedList` for the id and name rules).
struct OFSIGroup {
    private(set) var entity: Entity
    /// Warnings about the group (no reference, no primary name, unreadable dates); nothing is skipped for them.
    private(set) var issues: [ParseIssue] = []

    init(source: String, groupID: String, rows: [OFSIRow], file: String) {
        let first = rows[0]
        var issues: [ParseIssue] = []
        let other = first["Other Information"]
        // A group's rows (one per name) mostly repeat the same Other Information: each text is read once.
        var labelledTexts: [String: [String: String]] = [:]
        let labels = rows.map { row in
            let text = row["Other Information"]
            if let known = labelledTexts[text] { return known }
            let parts = Self.labelled(text)
            labelledTexts[text] = parts
            return parts
        }
        let reference = labels[0]["UK Sanctions List Ref"].flatMap(Self.listReference)
        if reference == nil {
            issues.append(ParseIssue(file: file, line: first.number, field: "Other Information", message: "group \(groupID) has no UK Sanctions List Ref; id \(source):\(groupID) from its Group ID"))
        }

        let primary = rows.first { $0["Alias Type"].lowercased() == "primary name" } ?? first
        if primary["Alias Type"].lowercased() != "primary name" {
            issues.append(ParseIssue(file: file, line: first.number, field: "Alias Type", message: "group \(groupID) has no Primary name row; its first name is taken as the name"))
        }
        let name = primary.fullName ?? ""
        var aliases: [Alias] = []
        var seenNames: Set<String> = [name]
        for row in rows {
            if let alias = row.fullName, seenNames.insert(alias).inserted {
                let quality = row["Alias Quality"]
                let kind = [row["Alias Type"], quality].filter { !$0.isEmpty }.joined(separator: ", ")
                aliases.append(Alias(name: alias, strength: quality.lowercased().hasPrefix("low") ? .weak : .strong, kind: kind.isEmpty ? "Alias" : kind))
            }
        }
        for row in rows {
            let script = row["Name Non-Latin Script"]
            if !script.isEmpty, seenNames.insert(script).inserted {
                aliases.append(Alias(name: script, strength: .strong, kind: "original-script"))
            }
        }

        let typeText = first["Group Type"]
        let type = UKSanctionsListODS.entityType(typeText)
        if type == .unknown {
            issues.append(ParseIssue(file: file, line: first.number, field: "Group Type", message: "unknown type \"\(typeText)\"; kept as unknown"))
        }
        var datesOfBirth: [DateOfBirth] = []
        for row in rows {
            for text in Self.numbered(row["DOB"]) {
                guard let date = Self.dateOfBirth(text) else {
                    issues.append(ParseIssue(file: file, line: row.number, field: "DOB", message: "unreadable or impossible date of birth \"\(text)\"; left out"))
                    continue
                }
                if !datesOfBirth.contains(date) { datesOfBirth.append(date) }
            }
        }
        entity = Entity(
            id: "\(source):\(reference ?? groupID)", source: source,
            programs: Self.distinct(rows.map { $0["Regime"] }), type: type, name: name, aliases: aliases,
            datesOfBirth: datesOfBirth,
            nationalities: Self.distinct(rows.flatMap { Self.numbered($0["Nationality"]) }.compactMap(CountryCodes.resolve)),
            addresses: Self.addresses(rows), identifiers: Self.identifiers(rows, labels: labels),
            remarks: Self.remarks(groupID: groupID, rows: rows, other: other)
        )
        self.issues = issues
    }

    /// `RUS0001` when `text` starts with a UK Sanctions List reference (three letters and four digits, a trailing dot dropped).
    static func listReference(_ text: String) -> String? {
        let token = text.trimmedText.utf8.prefix { !$0.isASCIIWhitespace }
        let bytes = Array(token.reversed().drop { $0 == UInt8(ascii: ".") }.reversed())
        guard bytes.count == 7, bytes.prefix(3).allSatisfy({ (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }),
              bytes.suffix(4).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The `(Label):value` parts of `Other Information`, each value running to the next label (the first value of a
    /// repeated label kept). A label is at most 40 characters and starts with a letter. Scanned by UTF-8 code unit
    /// (the delimiters are ASCII): walking a long text by `Character` was most of the workbook's parse time.
    static func labelled(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        let utf8 = text.utf8
        var label: String?
        var valueStart = utf8.startIndex
        func close(at end: String.Index) {
            if let label, result[label] == nil {
                var value = String(text[valueStart..<end]).trimmedText
                while value.hasSuffix(".") { value.removeLast() }
                result[label] = value.trimmedText
            }
        }
        var cursor = utf8.startIndex
        while let open = utf8[cursor...].firstIndex(of: UInt8(ascii: "(")) {
            let labelStart = utf8.index(after: open)
            cursor = labelStart
            guard let closing = utf8[labelStart...].firstIndex(of: UInt8(ascii: ")")),
                  utf8[closing...].starts(with: "):".utf8),
                  utf8.distance(from: labelStart, to: closing) <= 40 || text[labelStart..<closing].count <= 40,
                  let first = text[labelStart...].first, first.isLetter else { continue }
            close(at: open)
            label = String(text[labelStart..<closing])
            valueStart = utf8.index(closing, offsetBy: 2)
            cursor = valueStart
        }
        close(at: text.endIndex)
        return result
    }

    /// The items of a numbered field (`(1) Russia (2) Israel`, `(1) 203037 (2) 347834`), or the field itself.
    static func numbered(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == "(", let close = text[index...].firstIndex(of: ")"),
               text.index(after: index) < close, text[text.index(after: index)..<close].allSatisfy(\.isNumber) {
                items.append(current)
                current = ""
                index = text.index(after: close)
                continue
            }
            current.append(text[index])
            index = text.index(after: index)
        }
        items.append(current)
        return items.map { item in
            var value = item.trimmedText
            while value.hasSuffix(".") { value.removeLast() }
            return value.trimmedText
        }.filter { !$0.isEmpty }
    }

    /// `DD/MM/YYYY`, `00/MM/YYYY`, `00/00/YYYY` (unknown parts as zeros) or `YYYY`; nil when unreadable or impossible.
    static func dateOfBirth(_ text: String) -> DateOfBirth? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0 == "00" ? "dd" : String($0) }
        return FCDOSanctionsListXML.dateOfBirth(parts.joined(separator: "/"))
    }

    private static func distinct(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    private static func addresses(_ rows: [OFSIRow]) -> [Address] {
        var result: [Address] = []
        for row in rows {
            let street = (1...5).map { row["Address \($0)"] }.filter { !$0.isEmpty }.joined(separator: ", ")
            let address = Address(
                street: street.nilIfEmpty, city: row["Address 6"].nilIfEmpty, postalCode: row["Post/Zip Code"].nilIfEmpty,
                country: CountryCodes.resolve(row["Country"]))
            if address != Address(), !result.contains(address) { result.append(address) }
        }
        return result
    }

    /// Passports, national ids, registration numbers and a ship's IMO number, flag, type and owner,
    /// with the kinds the FCDO and OFAC parsers give the same things.
    private static func identifiers(_ rows: [OFSIRow], labels: [[String: String]]) -> [Identifier] {
        var result: [Identifier] = []
        func add(_ kind: String, _ values: [String], country: (String) -> String? = { _ in nil }) {
            for value in values where !value.isEmpty {
                let identifier = Identifier(kind: kind, value: value, country: country(value))
                if !result.contains(identifier) { result.append(identifier) }
            }
        }
        add("Passport", rows.flatMap { numbered($0["Passport Number"]) })
        add("National ID No.", rows.flatMap { numbered($0["National Identification Number"]) })
        add("Registration Number", labels.compactMap { $0["Business Reg No"] })
        add("IMO", labels.compactMap { $0["IMO number"] })
        add("Vessel Flag", labels.compactMap { $0["Flag of ship"] }, country: CountryCodes.code(forName:))
        add("Vessel Type", labels.compactMap { $0["Type of ship"] })
        add("Vessel Owner", labels.compactMap { $0["Current owners"] })
        return result
    }

    /// The designation's details for the analyst.
    private static func remarks(groupID: String, rows: [OFSIRow], other: String) -> String? {
        let columns: [(String, String)] = [
            ("Listed on", "Listed On"), ("UK designation date", "UK Sanctions List Date Designated"), ("Last updated", "Last Updated"),
            ("Titles", "Title"), ("Positions", "Position"), ("Town of birth", "Town of Birth"), ("Country of birth", "Country of Birth"),
            ("Passport details", "Passport Details"), ("National ID details", "National Identification Details"),
        ]
        var parts = ["OFSI Group ID: \(groupID)"]
        for (label, name) in columns {
            if let values = distinct(rows.map { $0[name] }).joined(separator: ", ").nilIfEmpty { parts.append("\(label): \(values)") }
        }
        if !other.isEmpty { parts.append("Other information: \(other)") }
        return parts.joined(separator: "; ")
    }
}
