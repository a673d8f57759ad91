/// The FCDO UK Sanctions List XML (`<Designations>` of `<Designation>` records with a
/// `<DateGenerated>` day), as downloaded from gov.uk's "The UK Sanctions List" page.
///
/// Ids are `<source>:<UniqueID>` (`uk:AFG0006`), the UK Sanctions List reference: the same ids the
/// bundled summary export (`UKSanctionsListODS`, its `Unique ID` column) gives today, so importing
/// this format over the ODS keeps every stored match and case on the same entity, and only real
/// changes show in the diff. The OFSI group id, the UN reference and the designation details go
/// into the remarks.
///
/// Names: the `Primary Name` is the name (Name 6, the surname, first, then Name 1-5, as the summary
/// export writes it); every other name is an alias with the list's label as kind (the alias quality
/// such as `Good quality a.k.a`, else the name type such as `Primary Name Variation`); a
/// `Low quality` alias is weak. Non-Latin names are `original-script` aliases. Issues give the line
/// of the `<Designation>` element (of the `<DOB>` element for an unreadable date of birth).
enum FCDOSanctionsListXML {
    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        var output = ParseOutput()
        var rootName = ""
        try XMLRecords.read(file, records: ["Designation", "DateGenerated"]) { name, _ in
            rootName = name
        } record: { node in
            guard node.name == "Designation" else {
                output.published = isoDay(node.text)
                return
            }
            output.records += 1
            switch entity(node, source: source, file: file.path, output: &output) {
            case .success(let entity): output.add(entity, file: file.path, line: node.line)
            case .failure(let problem): output.skip(file: file.path, line: node.line, field: problem.field, message: problem.message)
            }
        }
        guard rootName == "Designations" else {
            throw .malformedFile(file: file.path, line: 1, detail: "the root element is <\(rootName)>, not the FCDO UK Sanctions List's <Designations>")
        }
        return output
    }

    struct Problem: Error {
        var field: String?
        var message: String
    }

    /// `DD/MM/YYYY` as `YYYY-MM-DD`, nil when it is not a real day.
    static func isoDay(_ text: String) -> String? {
        let parts = text.trimmedText.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 2, parts[1].count == 2 else { return nil }
        let iso = "\(parts[2])-\(parts[1])-\(parts[0])"
        return DateOfBirth(iso: iso)?.day == nil ? nil : iso
    }

    /// A date of birth as the list writes it: `12/05/1958`, `dd/mm/1945`, `mm/1945`, `dd/05/1945`
    /// (unknown parts as letters) or `1946`. Nil when unreadable or not a real date.
    static func dateOfBirth(_ text: String) -> DateOfBirth? {
        let parts = text.trimmedText.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...3).contains(parts.count), let year = parts.last, year.count == 4, Int(year) != nil else { return nil }
        let known = { (part: String) -> String? in part.allSatisfy(\.isLetter) ? nil : part }
        let month = parts.count >= 2 ? known(parts[parts.count - 2]) : nil
        let day = parts.count == 3 ? known(parts[0]) : nil
        if let part = month, part.count != 2 { return nil }
        if let part = day, part.count != 2 { return nil }
        if day != nil && month == nil { return DateOfBirth(iso: year) }
        return DateOfBirth(iso: [year, month, month == nil ? nil : day].compactMap { $0 }.joined(separator: "-"))
    }

    /// The distinct non-empty texts at `path` (every child at each step), in document order.
    private static func texts(_ node: XMLNode, _ path: String) -> [String] {
        var seen = Set<String>()
        return node.all(path).compactMap(\.text.nilIfEmpty).filter { seen.insert($0).inserted }
    }

    /// A name's parts: Name 6 (surname) first, then Name 1-5.
    private static func fullName(_ name: XMLNode) -> String? {
        ["Name6", "Name1", "Name2", "Name3", "Name4", "Name5"].compactMap { name.text($0) }.joined(separator: " ").nilIfEmpty
    }

    private static func entity(_ node: XMLNode, source: String, file: String, output: inout ParseOutput) -> Result<Entity, Problem> {
        guard let uniqueID = node.text("UniqueID") else {
            return .failure(Problem(field: "Designation/UniqueID", message: "record without a UniqueID; skipped"))
        }
        let names = node.all("Names/Name").compactMap { name -> (name: String, type: String, quality: String?)? in
            fullName(name).map { ($0, name.text("NameType") ?? "", name.text("AliasStrength")) }
        }
        guard let primaryIndex = names.firstIndex(where: { $0.type == "Primary Name" }) else {
            return .failure(Problem(field: "Names/Name/NameType", message: "record \(uniqueID) has no Primary Name; skipped"))
        }
        var aliases: [Alias] = []
        for (index, alias) in names.enumerated() where index != primaryIndex && alias.name != names[primaryIndex].name {
            let weak = alias.quality?.lowercased().hasPrefix("low") == true
            let entry = Alias(name: alias.name, strength: weak ? .weak : .strong, kind: alias.quality ?? alias.type.nilIfEmpty ?? "Alias")
            if !aliases.contains(entry) { aliases.append(entry) }
        }
        for name in texts(node, "NonLatinNames/NonLatinName/NameNonLatinScript") {
            aliases.append(Alias(name: name, strength: .strong, kind: "original-script"))
        }

        let typeText = node.text("IndividualEntityShip") ?? ""
        let type = UKSanctionsListODS.entityType(typeText)
        if type == .unknown {
            output.issues.append(ParseIssue(file: file, line: node.line, field: "IndividualEntityShip", message: "unknown type \"\(typeText)\"; kept as unknown"))
        }

        var datesOfBirth: [DateOfBirth] = []
        for birth in node.all("IndividualDetails/Individual/DOBs/DOB") where !birth.text.isEmpty {
            guard let date = dateOfBirth(birth.text) else {
                output.issues.append(ParseIssue(file: file, line: birth.line, field: "DOB", message: "unreadable or impossible date of birth \"\(birth.text)\"; left out"))
                continue
            }
            if !datesOfBirth.contains(date) { datesOfBirth.append(date) }
        }
        var nationalities: [String] = []
        for nationality in texts(node, "IndividualDetails/Individual/Nationalities/Nationality") {
            if let code = CountryCodes.resolve(nationality), !nationalities.contains(code) { nationalities.append(code) }
        }
        let addresses = node.all("Addresses/Address").compactMap { address -> Address? in
            let street = (1...5).compactMap { address.text("AddressLine\($0)") }.joined(separator: ", ")
            let result = Address(
                street: street.nilIfEmpty, city: address.text("AddressLine6"), postalCode: address.text("AddressPostalCode"),
                country: address.text("AddressCountry").flatMap(CountryCodes.resolve))
            return result == Address() ? nil : result
        }
        return .success(Entity(
            id: "\(source):\(uniqueID)", source: source, programs: texts(node, "RegimeName"), type: type,
            name: names[primaryIndex].name, aliases: aliases, datesOfBirth: datesOfBirth, nationalities: nationalities,
            addresses: addresses, identifiers: identifiers(of: node), remarks: remarks(of: node)
        ))
    }

    /// Passports, national ids, registration numbers and the ship's IMO number, flag, type and owner,
    /// with the kinds the OFAC parsers give the same things.
    private static func identifiers(of node: XMLNode) -> [Identifier] {
        let individual = "IndividualDetails/Individual/"
        let ship = "ShipDetails/Ship/"
        var result: [Identifier] = []
        func add(_ kind: String, _ path: String, country: (String) -> String? = { _ in nil }, value: (String) -> String = { $0 }) {
            for text in texts(node, path) {
                let identifier = Identifier(kind: kind, value: value(text), country: country(text))
                if !identifier.value.isEmpty, !result.contains(identifier) { result.append(identifier) }
            }
        }
        add("Passport", individual + "PassportDetails/Passport/PassportNumber")
        add("National ID No.", individual + "NationalIdentifierDetails/NationalIdentifier/NationalIdentifierNumber")
        add("Registration Number", "EntityDetails/Entity/BusinessRegistrationNumbers/BusinessRegistrationNumber")
        add("IMO", ship + "IMONumbers/IMONumber", value: { $0.uppercased().hasPrefix("IMO") ? String($0.dropFirst(3)).trimmedText : $0 })
        add("Vessel Flag", ship + "CurrentBelievedFlagOfShips/CurrentBelievedFlagOfShip", country: CountryCodes.code(forName:))
        add("Vessel Type", ship + "TypeOfShipDetails/TypeOfShip")
        add("Vessel Owner", ship + "CurrentOwnerOperators/CurrentOwnerOperator")
        return result
    }

    /// The designation's details for the analyst, labelled as the summary export labels its columns.
    private static func remarks(of node: XMLNode) -> String? {
        let individual = "IndividualDetails/Individual/"
        let labelled: [(String, String)] = [
            ("OFSI Group ID", "OFSIGroupID"), ("UN reference", "UNReferenceNumber"), ("Designation source", "DesignationSource"),
            ("Date Designated", "DateDesignated"), ("Sanctions Imposed", "SanctionsImposed"), ("Titles", "Titles/Title"),
            ("Positions", individual + "Positions/Position"), ("Gender", individual + "Genders/Gender"),
            ("Town of birth", individual + "BirthDetails/Location/TownOfBirth"),
            ("Country of birth", individual + "BirthDetails/Location/CountryOfBirth"),
            ("Previous flags", "ShipDetails/Ship/PreviousFlags/PreviousFlag"),
            ("Tonnage", "ShipDetails/Ship/TonnageOfShipDetails/TonnageOfShip"),
            ("Length", "ShipDetails/Ship/LengthOfShipDetails/LengthOfShip"),
            ("Parent companies", "EntityDetails/Entity/ParentCompanies/ParentCompany"),
            ("Other information", "OtherInformation"),
        ]
        let parts = labelled.compactMap { label, path in
            texts(node, path).joined(separator: ", ").nilIfEmpty.map { "\(label): \($0)" }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
