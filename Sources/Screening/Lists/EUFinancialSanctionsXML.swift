/// The EU Financial Sanctions Files XML (`<export generationDate="…">` of `<sanctionEntity>` records,
/// namespace `http://eu.europa.ec/fpi/fsd/export`), as downloaded from the EU's FSF service.
///
/// Ids are `<source>:<logicalId>` (`eu:191`), the record's stable logical id; the EU reference
/// number (`EU.3579.2`) and the UN id go into the remarks. The EU names no primary name: the first
/// `nameAlias` in a Latin script that gives its parts (first or last name), else the first in a
/// Latin script, is the name; every other one an alias with its strength (`strong`)
/// and kind (`nameAlias`, with the name's language, e.g. `nameAlias:FR`; a name in another script is
/// `original-script`). Issues give the line of the `<sanctionEntity>` element.
enum EUFinancialSanctionsXML {
    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        var output = ParseOutput()
        var rootName = ""
        try XMLRecords.read(file, records: ["sanctionEntity"]) { name, attributes in
            rootName = name
            output.published = attributes["generationDate"].map { $0.prefix(before: "T") ?? $0 }
        } record: { node in
            output.records += 1
            switch entity(node, source: source, file: file.path, output: &output) {
            case .success(let entity): output.add(entity, file: file.path, line: node.line)
            case .failure(let problem): output.skip(file: file.path, line: node.line, field: problem.field, message: problem.message)
            }
        }
        guard rootName == "export" else {
            throw .malformedFile(file: file.path, line: 1, detail: "the root element is <\(rootName)>, not the EU Financial Sanctions Files' <export>")
        }
        return output
    }

    struct Problem: Error {
        var field: String?
        var message: String
    }

    /// An attribute's trimmed text, nil when missing or empty.
    private static func value(_ node: XMLNode, _ name: String) -> String? {
        node.attributes[name]?.trimmedText.nilIfEmpty
    }

    /// `countryIso2Code` when it is a real code (the EU writes `00` and `UNKNOWN` for none), else the
    /// code of a known `countryDescription`; nil otherwise.
    private static func country(_ node: XMLNode) -> String? {
        value(node, "countryIso2Code").flatMap { CountryCodes.isKnownCode($0) ? $0 : nil }
            ?? value(node, "countryDescription").flatMap(CountryCodes.code(forName:))
    }

    private static func entity(_ node: XMLNode, source: String, file: String, output: inout ParseOutput) -> Result<Entity, Problem> {
        guard let logicalId = value(node, "logicalId"), Int(logicalId) != nil else {
            return .failure(Problem(field: "sanctionEntity/@logicalId", message: "record without a numeric logicalId; skipped"))
        }
        let names = node.children("nameAlias").compactMap { alias -> (name: String, strong: Bool, language: String?, parts: Bool)? in
            guard let name = value(alias, "wholeName") else { return nil }
            let parts = value(alias, "firstName") != nil || value(alias, "lastName") != nil
            return (name, value(alias, "strong") != "false", value(alias, "nameLanguage"), parts)
        }
        let primary = names.firstIndex { $0.parts && ListScript.isLatin($0.name) } ?? names.firstIndex { ListScript.isLatin($0.name) }
        guard let primaryIndex = primary ?? names.indices.first else {
            return .failure(Problem(field: "nameAlias", message: "record \(logicalId) has no name; skipped"))
        }
        let aliases = names.enumerated().compactMap { index, alias -> Alias? in
            guard index != primaryIndex else { return nil }
            let kind = !ListScript.isLatin(alias.name) ? "original-script" : alias.language.map { "nameAlias:\($0)" } ?? "nameAlias"
            return Alias(name: alias.name, strength: alias.strong ? .strong : .weak, kind: kind)
        }

        let typeCode = node.child("subjectType").flatMap { value($0, "code") } ?? ""
        let type: EntityType = switch typeCode {
        case "person": .person
        case "enterprise": .organization
        default: .unknown
        }
        if type == .unknown {
            output.issues.append(ParseIssue(file: file, line: node.line, field: "subjectType", message: "unknown subject type \"\(typeCode)\"; kept as unknown"))
        }

        var datesOfBirth: [DateOfBirth] = []
        for birth in node.children("birthdate") {
            let circa = value(birth, "circa") == "true"
            var date: DateOfBirth?
            if let full = value(birth, "birthdate") {
                date = DateOfBirth(iso: full)
            } else if let year = value(birth, "year") {
                let month = value(birth, "monthOfYear").flatMap(Int.init)
                let day = value(birth, "dayOfMonth").flatMap(Int.init)
                let iso = [year, month.map { $0 < 10 ? "0\($0)" : "\($0)" }, month == nil ? nil : day.map { $0 < 10 ? "0\($0)" : "\($0)" }]
                    .compactMap { $0 }.joined(separator: "-")
                date = DateOfBirth(iso: iso)
            } else {
                continue
            }
            guard var date else {
                output.issues.append(ParseIssue(file: file, line: birth.line, field: "birthdate", message: "unreadable or impossible date of birth; left out"))
                continue
            }
            date.approximate = circa
            if !datesOfBirth.contains(date) { datesOfBirth.append(date) }
        }

        var nationalities: [String] = []
        for citizenship in node.children("citizenship") {
            if let code = country(citizenship), !nationalities.contains(code) { nationalities.append(code) }
        }
        let identifiers = node.children("identification").compactMap { document -> Identifier? in
            guard let number = value(document, "number") ?? value(document, "latinNumber") else { return nil }
            let kind = value(document, "identificationTypeDescription") ?? value(document, "identificationTypeCode") ?? "Document"
            return Identifier(kind: kind, value: number, country: country(document))
        }
        let addresses = node.children("address").compactMap { address -> Address? in
            let street = [value(address, "street"), value(address, "place"), value(address, "poBox").map { "PO Box \($0)" }]
                .compactMap { $0 }.joined(separator: ", ")
            let result = Address(
                street: street.nilIfEmpty, city: value(address, "city"), region: value(address, "region"),
                postalCode: value(address, "zipCode"), country: country(address))
            return result == Address() ? nil : result
        }
        var programs: [String] = []
        for regulation in node.children("regulation") {
            if let programme = value(regulation, "programme"), !programs.contains(programme) { programs.append(programme) }
        }
        let remarks = [
            value(node, "euReferenceNumber").map { "EU reference: \($0)" }, value(node, "unitedNationId").map { "UN id: \($0)" },
            value(node, "designationDate").map { "Designated: \($0)" },
        ].compactMap { $0 } + node.children("remark").compactMap { $0.text.nilIfEmpty }

        return .success(Entity(
            id: "\(source):\(logicalId)", source: source, programs: programs, type: type, name: names[primaryIndex].name,
            aliases: aliases, datesOfBirth: datesOfBirth, nationalities: nationalities, addresses: addresses,
            identifiers: identifiers, remarks: remarks.isEmpty ? nil : remarks.joined(separator: "; ")
        ))
    }
}

/// Which script a name is written in, as far as matching cares.
enum ListScript {
    /// Whether every letter of `name` is Latin (ASCII or Latin-1 Supplement up to Latin Extended Additional).
    static func isLatin(_ name: String) -> Bool {
        name.unicodeScalars.allSatisfy { scalar in
            !scalar.properties.isAlphabetic || scalar.value < 0x0250 || (0x1E00...0x1EFF).contains(scalar.value)
        }
    }
}
