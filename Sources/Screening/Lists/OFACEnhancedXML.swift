import Foundation

/// OFAC Sanctions List Service "enhanced" XML (`SDN_ENHANCED.XML`, `CONS_ENHANCED.XML`, also read
/// zipped as `*.ZIP`): root `<sanctionsData>` with `publicationInfo`, `referenceValues` and `entities`.
///
/// Ids are `<source>:<entity id>`: the `id` attribute of `<entity>` is the legacy CSV's `ent_num`,
/// so `ofac-sdn:306` names the same party in either format. Aliases keep their strength
/// (`isLowQuality` = weak) and type (`aka`, `fka`, `nka`); names in another script are strong
/// `original-script` aliases. Countries are resolved through the file's own reference values
/// (their `isoCode`). Issues give the line of the `<entity>` element.
enum OFACEnhancedXML {
    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        let document = try unzippedIfNeeded(file)
        var output = ParseOutput()
        var countries: [String: String] = [:]
        var rootName = ""
        try XMLRecords.read(document, records: ["publicationInfo", "referenceValue", "entity"]) { name, _ in
            rootName = name
        } record: { node in
            switch node.name {
            case "publicationInfo":
                output.published = node.text("dataAsOf").map { $0.prefix(before: "T") ?? $0 }
            case "referenceValue":
                if node.text("type") == "COUNTRY", let id = node.attributes["refId"], let iso = node.text("isoCode") {
                    countries[id] = iso
                }
            default:
                output.records += 1
                switch entity(node, source: source, countries: countries, file: document.path, output: &output) {
                case .success(let entity): output.add(entity, file: document.path, line: node.line)
                case .failure(let problem): output.skip(file: document.path, line: node.line, field: problem.field, message: problem.message)
                }
            }
        }
        guard rootName == "sanctionsData" else {
            throw .malformedFile(file: document.path, line: 1, detail: "the root element is <\(rootName)>, not OFAC's enhanced XML <sanctionsData>")
        }
        return output
    }

    /// The XML itself, or the first `.xml` member when `file` is a zip (`CONS_ENHANCED.ZIP`), named `<zip>/<member>`.
    static func unzippedIfNeeded(_ file: ListFile) throws(ListLoadError) -> ListFile {
        guard ZipMember.isZip(file.data) else { return file }
        guard let member = try ZipMember.extract(from: file, what: "the XML file", choose: { $0.lowercased().hasSuffix(".xml") }) else {
            throw .malformedFile(file: file.path, line: nil, detail: "the zip archive holds no .xml file")
        }
        return ListFile(path: "\(file.path)/\(member.name)", data: member.data)
    }

    struct Problem: Error {
        var field: String?
        var message: String
    }

    private static func entity(
        _ node: XMLNode, source: String, countries: [String: String], file: String, output: inout ParseOutput
    ) -> Result<Entity, Problem> {
        guard let id = node.attributes["id"], let number = Int(id), number > 0 else {
            return .failure(Problem(field: "entity/@id", message: "entity without a numeric id; skipped"))
        }
        func country(_ element: XMLNode?) -> String? {
            guard let element else { return nil }
            return element.attributes["refId"].flatMap { countries[$0] } ?? CountryCodes.resolve(element.text)
        }
        func warn(_ field: String, _ message: String) {
            output.issues.append(ParseIssue(file: file, line: node.line, field: field, message: message))
        }

        let typeText = node.text("generalInfo/entityType") ?? ""
        let type = entityType(typeText)
        if type == .unknown { warn("entityType", "unknown entity type \"\(typeText)\"; kept as unknown") }

        var primary: String?
        var aliases: [Alias] = []
        for name in node.all("names/name") {
            let isPrimary = name.text("isPrimary") == "true"
            let weak = name.text("isLowQuality") == "true"
            for translation in name.all("translations/translation") {
                guard let full = translation.text("formattedFullName") else { continue }
                let latin = translation.text("isPrimary") == "true"
                if isPrimary, latin, primary == nil {
                    primary = full
                } else if !latin {
                    aliases.append(Alias(name: full, strength: .strong, kind: "original-script"))
                } else {
                    aliases.append(Alias(name: full, strength: weak ? .weak : .strong, kind: OFACFeatures.aliasKind(name.text("aliasType"))))
                }
            }
        }
        guard let primary else {
            return .failure(Problem(field: "names", message: "entity \(id) has no primary name; skipped"))
        }

        var datesOfBirth: [DateOfBirth] = []
        var nationalities: [String] = []
        var identifiers: [Identifier] = []
        for feature in node.all("features/feature") {
            let label = feature.text("type") ?? ""
            let value = feature.text("value")
            switch OFACFeatures.kind(of: label) {
            case .dateOfBirth:
                let period = feature.at("valueDate")
                if let from = period?.text("fromDateBegin"), let to = period?.text("toDateEnd"),
                   let date = OFACFeatures.dateOfBirth(from: from, to: to, approximate: period?.text("isApproximate") == "true") {
                    datesOfBirth.append(date)
                } else {
                    warn("feature/Birthdate", "unreadable or impossible date of birth \"\(value ?? "")\"; left out")
                }
            case .nationality:
                let code = feature.text("valueRefId").flatMap { countries[$0] } ?? value.flatMap(CountryCodes.resolve)
                if let code, !nationalities.contains(code) { nationalities.append(code) }
            case .identifier(let kind):
                guard let value else { continue }
                let code = kind == "Vessel Flag" ? (feature.text("valueRefId").flatMap { countries[$0] } ?? CountryCodes.code(forName: value)) : nil
                identifiers.append(Identifier(kind: kind, value: value, country: code))
            case .remark:
                break
            }
        }
        for document in node.all("identityDocuments/identityDocument") {
            guard let number = document.text("documentNumber") else { continue }
            identifiers.append(OFACFeatures.document(type: document.text("type") ?? "Document", number: number, country: country(document.child("issuingCountry"))))
        }

        let addresses = node.all("addresses/address").compactMap { address -> Address? in
            let translation = address.all("translations/translation").first { $0.text("isPrimary") == "true" }
            var parts: [String: [String]] = [:]
            for part in translation?.all("addressParts/addressPart") ?? [] {
                if let type = part.text("type"), let value = part.text("value") { parts[type, default: []].append(value) }
            }
            let street = (parts["ADDRESS1", default: []] + parts["ADDRESS2", default: []] + parts["ADDRESS3", default: []]).joined(separator: ", ")
            let result = Address(
                street: street.nilIfEmpty, city: parts["CITY"]?.first, region: (parts["STATE/PROVINCE"] ?? parts["REGION"])?.first,
                postalCode: parts["POSTAL CODE"]?.first, country: country(address.child("country")))
            return result == Address() ? nil : result
        }

        return .success(Entity(
            id: "\(source):\(id)", source: source,
            programs: node.all("sanctionsPrograms/sanctionsProgram").compactMap { $0.text.nilIfEmpty },
            type: type, name: primary, aliases: aliases, datesOfBirth: datesOfBirth, nationalities: nationalities,
            addresses: addresses, identifiers: identifiers, remarks: node.text("remarks")
        ))
    }

    static func entityType(_ text: String) -> EntityType {
        switch text.lowercased() {
        case "individual": .person
        case "entity": .organization
        case "vessel": .vessel
        case "aircraft": .aircraft
        default: .unknown
        }
    }
}
