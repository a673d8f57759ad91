/// OFAC's "advanced" XML (`SDN_ADVANCED.XML`, `CONS_ADVANCED.XML`; root `<Sanctions>` in the namespace
/// `http://www.un.org/sanctions/1.0`): reference value sets, then `Locations`, `IDRegDocuments`,
/// `DistinctParties` and `SanctionsEntries`, joined by ids.
///
/// Ids are `<source>:<DistinctParty FixedRef>`, the legacy CSV's `ent_num`. The primary name is the
/// primary alias's Latin-script name, written as the legacy CSV writes it (`LAST, First` when it has a
/// last name; an entity's, vessel's or aircraft's in capitals); other aliases keep their type (`aka`, `fka`, `nka`) and strength (`LowQuality` = weak),
/// names in other scripts are `original-script` aliases. Features map as in the enhanced XML
/// (`OFACFeatures`); addresses and nationalities come from the referenced locations; programmes from
/// each party's sanctions entry. Issues give the line of the `<DistinctParty>` element.
enum OFACAdvancedXML {
    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        var reader = AdvancedReader(source: source, file: file.path)
        var rootName = ""
        try XMLRecords.read(file, records: AdvancedReader.records) { name, _ in
            rootName = name
        } record: { node in
            reader.read(node)
        }
        guard rootName == "Sanctions" else {
            throw .malformedFile(file: file.path, line: 1, detail: "the root element is <\(rootName)>, not OFAC's advanced XML <Sanctions>")
        }
        return reader.finish()
    }
}

/// The state of one read: reference values by id, locations and documents awaiting their parties,
/// parties awaiting their programmes.
private struct AdvancedReader {
    static let references: Set<String> = [
        "AliasType", "Country", "DetailReference", "FeatureType", "IDRegDocType", "LocPartType", "NamePartType", "PartySubType",
        "PartyType", "Script",
    ]
    static let records = references.union(["DateOfIssue", "Location", "IDRegDocument", "DistinctParty", "SanctionsEntry"])

    let source: String
    let file: String
    var output = ParseOutput()
    /// Reference values: element name → ID → text; countries also ID → ISO2.
    var values: [String: [String: String]] = [:]
    var partyTypeOfSubType: [String: String] = [:]
    var iso2: [String: String] = [:]
    var latinScripts: Set<String> = []
    var locations: [String: (address: Address?, country: String?)] = [:]
    var documents: [String: [Identifier]] = [:]
    var entityIndexOfProfile: [String: Int] = [:]
    var lineOfProfile: [String: Int] = [:]
    var profilesWithEntry: Set<String> = []

    init(source: String, file: String) {
        self.source = source
        self.file = file
    }

    mutating func read(_ node: XMLNode) {
        switch node.name {
        case "DateOfIssue":
            if let year = node.text("Year"), let month = node.text("Month").flatMap(Int.init), let day = node.text("Day").flatMap(Int.init) {
                output.published = "\(year)-\(Self.twoDigits(month))-\(Self.twoDigits(day))"
            }
        case "Location":
            readLocation(node)
        case "IDRegDocument":
            guard let identity = node.attributes["IdentityID"], let number = node.text("IDRegistrationNo") else { return }
            let type = node.attributes["IDRegDocTypeID"].flatMap { values["IDRegDocType"]?[$0] } ?? "Document"
            let country = node.attributes["IssuedBy-CountryID"].flatMap { iso2[$0] }
            documents[identity, default: []].append(OFACFeatures.document(type: type, number: number, country: country))
        case "DistinctParty":
            output.records += 1
            readParty(node)
        case "SanctionsEntry":
            guard let profile = node.attributes["ProfileID"], let index = entityIndexOfProfile[profile] else { return }
            profilesWithEntry.insert(profile)
            for measure in node.children("SanctionsMeasure") where measure.attributes["SanctionsTypeID"] == "1" {
                if let program = measure.text("Comment"), !output.entities[index].programs.contains(program) {
                    output.entities[index].programs.append(program)
                }
            }
        default:
            guard let id = node.attributes["ID"] else { return }
            values[node.name, default: [:]][id] = node.text
            if node.name == "Country", let code = node.attributes["ISO2"] { iso2[id] = code }
            if node.name == "PartySubType", let type = node.attributes["PartyTypeID"] { partyTypeOfSubType[id] = type }
            if node.name == "Script", ["Latn", "Latin"].contains(node.attributes["ScriptCode"] ?? "") { latinScripts.insert(id) }
        }
    }

    /// The output, with a warning for each party that no sanctions entry names (it has no programme).
    func finish() -> ParseOutput {
        var result = output
        for (profile, index) in entityIndexOfProfile.sorted(by: { $0.value < $1.value }) where !profilesWithEntry.contains(profile) {
            result.issues.append(ParseIssue(
                file: file, line: lineOfProfile[profile] ?? 0, field: "SanctionsEntry",
                message: "\(result.entities[index].id) has no sanctions entry in the file; read without programmes"))
        }
        return result
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private mutating func readLocation(_ node: XMLNode) {
        guard let id = node.attributes["ID"] else { return }
        var parts: [String: [String]] = [:]
        for part in node.children("LocationPart") {
            guard let type = part.attributes["LocPartTypeID"].flatMap({ values["LocPartType"]?[$0] }) else { continue }
            let chosen = part.children("LocationPartValue").first { $0.attributes["Primary"] == "true" } ?? part.child("LocationPartValue")
            if let value = chosen?.text("Value") { parts[type, default: []].append(value) }
        }
        let country = node.child("LocationCountry")?.attributes["CountryID"].flatMap { iso2[$0] }
            ?? node.child("LocationAreaCode")?.attributes["AreaCodeID"].flatMap { iso2[$0] }
        let street = (parts["ADDRESS1", default: []] + parts["ADDRESS2", default: []] + parts["ADDRESS3", default: []]).joined(separator: ", ")
        let address = Address(
            street: street.nilIfEmpty, city: parts["CITY"]?.first, region: (parts["STATE/PROVINCE"] ?? parts["REGION"])?.first,
            postalCode: parts["POSTAL CODE"]?.first, country: country)
        locations[id] = (address == Address() ? nil : address, country)
    }

    /// One DocumentedName as text: `LAST, First Middle` when a part is a last name (capitalised), else the parts in order.
    private func name(_ documented: XMLNode, groups: [String: String]) -> (text: String, latin: Bool)? {
        var last: [String] = []
        var others: [String] = []
        var latin = true
        for value in documented.all("DocumentedNamePart/NamePartValue") {
            guard let text = value.text.nilIfEmpty else { continue }
            if let script = value.attributes["ScriptID"], !latinScripts.isEmpty, !latinScripts.contains(script) { latin = false }
            let type = value.attributes["NamePartGroupID"].flatMap { groups[$0] }.flatMap { values["NamePartType"]?[$0] }
            // The legacy CSV writes the surname in capitals (`MARKOV, Ilya Anatolyevich`); so does this.
            if type == "Last Name" { last.append(text.uppercased()) } else { others.append(text) }
        }
        let text = last.isEmpty ? others.joined(separator: " ")
            : others.isEmpty ? last.joined(separator: " ") : last.joined(separator: " ") + ", " + others.joined(separator: " ")
        return text.isEmpty ? nil : (text, latin)
    }

    private mutating func readParty(_ party: XMLNode) {
        let fixedRef = party.attributes["FixedRef"] ?? ""
        guard let number = Int(fixedRef), number > 0, let profile = party.child("Profile") else {
            output.skip(file: file, line: party.line, field: "DistinctParty/@FixedRef", message: "party without a numeric FixedRef or a Profile; skipped")
            return
        }
        let identities = profile.children("Identity")
        guard let identity = identities.first(where: { $0.attributes["Primary"] == "true" }) ?? identities.first else {
            output.skip(file: file, line: party.line, field: "Identity", message: "party \(fixedRef) has no identity; skipped")
            return
        }
        var groups: [String: String] = [:]
        for group in identity.all("NamePartGroups/MasterNamePartGroup/NamePartGroup") {
            if let id = group.attributes["ID"], let type = group.attributes["NamePartTypeID"] { groups[id] = type }
        }
        var primary: String?
        var aliases: [Alias] = []
        for alias in identity.children("Alias") {
            let isPrimary = alias.attributes["Primary"] == "true"
            let weak = alias.attributes["LowQuality"] == "true"
            let kind = OFACFeatures.aliasKind(alias.attributes["AliasTypeID"].flatMap { values["AliasType"]?[$0] })
            for documented in alias.children("DocumentedName") {
                guard let written = name(documented, groups: groups) else { continue }
                if isPrimary, written.latin, primary == nil {
                    primary = written.text
                } else if !written.latin {
                    aliases.append(Alias(name: written.text, strength: .strong, kind: "original-script"))
                } else {
                    aliases.append(Alias(name: written.text, strength: weak ? .weak : .strong, kind: kind))
                }
            }
        }
        guard let primary else {
            output.skip(file: file, line: party.line, field: "Alias", message: "party \(fixedRef) has no primary name; skipped")
            return
        }

        let subType = profile.attributes["PartySubTypeID"] ?? ""
        let type: EntityType = switch (values["PartySubType"]?[subType], partyTypeOfSubType[subType].flatMap { values["PartyType"]?[$0] }) {
        case ("Vessel", _): .vessel
        case ("Aircraft", _): .aircraft
        case (_, "Individual"): .person
        case (_, "Entity"): .organization
        default: .unknown
        }
        if type == .unknown {
            output.issues.append(ParseIssue(file: file, line: party.line, field: "PartySubTypeID", message: "unknown party type \(subType); kept as unknown"))
        }

        var datesOfBirth: [DateOfBirth] = []
        var nationalities: [String] = []
        var identifiers: [Identifier] = []
        var addresses: [Address] = []
        for feature in profile.children("Feature") {
            let label = feature.attributes["FeatureTypeID"].flatMap { values["FeatureType"]?[$0] } ?? ""
            for version in feature.children("FeatureVersion") {
                let detail = version.child("VersionDetail")
                let reference = detail?.attributes["DetailReferenceID"]
                let locationID = version.child("VersionLocation")?.attributes["LocationID"]
                let location = locationID.flatMap { locations[$0] }
                if let locationID, location == nil {
                    output.issues.append(ParseIssue(
                        file: file, line: feature.line, field: "VersionLocation",
                        message: "location \(locationID) (\(label)) is not in the file; left out"))
                }
                if label == "Location", let address = location?.address, !addresses.contains(address) { addresses.append(address) }
                switch OFACFeatures.kind(of: label) {
                case .dateOfBirth:
                    if let date = Self.dateOfBirth(version.child("DatePeriod")) {
                        datesOfBirth.append(date)
                    } else {
                        output.issues.append(ParseIssue(file: file, line: feature.line, field: "Feature/Birthdate", message: "unreadable or impossible date of birth; left out"))
                    }
                case .nationality:
                    if let code = reference.flatMap({ iso2[$0] }) ?? location?.country, !nationalities.contains(code) { nationalities.append(code) }
                case .identifier(let kind):
                    let value = detail?.text.nilIfEmpty ?? reference.flatMap { values["DetailReference"]?[$0] ?? values["Country"]?[$0] }
                    guard let value else { continue }
                    identifiers.append(Identifier(kind: kind, value: value, country: kind == "Vessel Flag" ? reference.flatMap { iso2[$0] } : nil))
                case .remark:
                    break
                }
            }
        }
        for other in identities {
            identifiers += other.attributes["ID"].flatMap { documents[$0] } ?? []
        }
        // OFAC's legacy CSV writes the primary name of an entity, vessel or aircraft in capitals (and a
        // person's surname, see `name`); the same party reads the same from either format.
        let added = output.add(Entity(
            id: "\(source):\(fixedRef)", source: source, type: type, name: type == .person ? primary : primary.uppercased(),
            aliases: aliases, datesOfBirth: datesOfBirth, nationalities: nationalities, addresses: addresses, identifiers: identifiers
        ), file: file, line: party.line)
        if added, let profileID = profile.attributes["ID"] {
            entityIndexOfProfile[profileID] = output.entities.count - 1
            lineOfProfile[profileID] = party.line
        }
    }

    /// `DatePeriod`: `Start/From` is the first day the date may be, `End/To` the last.
    private static func dateOfBirth(_ period: XMLNode?) -> DateOfBirth? {
        func day(_ node: XMLNode?) -> String? {
            guard let node, let year = node.text("Year"), let month = node.text("Month").flatMap(Int.init),
                  let day = node.text("Day").flatMap(Int.init) else { return nil }
            return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
        }
        guard let period, let from = day(period.at("Start/From")), let to = day(period.at("End/To")) else { return nil }
        return OFACFeatures.dateOfBirth(from: from, to: to, approximate: period.at("Start")?.attributes["Approximate"] == "true")
    }
}
