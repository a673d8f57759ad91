import Foundation

/// The UN Security Council Consolidated List XML (`<CONSOLIDATED_LIST dateGenerated="…">`).
///
/// Ids are `un:<REFERENCE_NUMBER>` (e.g. `un:CDi.001`), the UN's stable, human-facing reference.
enum UNConsolidatedXML {
    /// Entities from `<INDIVIDUAL>` and `<ENTITY>` records; published = `dateGenerated`.
    ///
    /// A document that is not UTF-8 or not well-formed (one cut off anywhere is not) throws,
    /// naming the line; no record of it is kept.
    static func parse(source: String, file: ListFile) throws(ListLoadError) -> ParseOutput {
        let reader = UNReader(source: source, file: file.path)
        try XMLScan.read(file, into: reader)
        guard reader.sawRoot else {
            throw .malformedFile(file: file.path, line: 1, detail: "the root element is not <CONSOLIDATED_LIST>")
        }
        return reader.output
    }
}

/// Collects one record's elements, then turns them into an `Entity`.
private final class UNReader: XMLScanHandler {
    private let source: String
    private let file: String
    private(set) var output = ParseOutput()
    private(set) var sawRoot = false

    /// The record being read, and the sub-element group (alias, address, ...) inside it.
    private var record: UNRecord?
    private var group: [String: String]?
    private var path: [String] = []
    private var text = ""

    init(source: String, file: String) {
        self.source = source
        self.file = file
    }

    var wantsText: Bool { record != nil }

    func start(_ name: String, _ tag: XMLScan.Tag) {
        path.append(name)
        text = ""
        switch name {
        case "CONSOLIDATED_LIST" where path.count == 1:
            sawRoot = true
            output.published = tag.attributes["dateGenerated"]
        case "INDIVIDUAL", "ENTITY":
            output.records += 1
            record = UNRecord(isIndividual: name == "INDIVIDUAL", line: tag.line)
        default:
            if record != nil, UNRecord.isGroup(name) {
                group = [:]
            }
        }
    }

    func text(_ string: String) {
        text += string
    }

    func end(_ name: String) {
        defer {
            path.removeLast()
            text = ""
        }
        // The record is changed in place (`record!`): a copy per element would copy its collections each time.
        guard record != nil else { return }
        if name == "INDIVIDUAL" || name == "ENTITY" {
            guard let current = record else { return }
            record = nil
            for date in current.unreadableDates {
                output.issues.append(ParseIssue(file: file, line: current.line, field: "INDIVIDUAL_DATE_OF_BIRTH", message: "unreadable or impossible date of birth \"\(date)\"; left out"))
            }
            switch current.entity(source: source) {
            case .success(let entity): output.add(entity, file: file, line: current.line)
            case .failure(let problem): output.skip(file: file, line: current.line, field: problem.field, message: problem.message)
            }
            return
        }
        let value = text.trimmedText
        let parent = path.count >= 2 ? path[path.count - 2] : ""
        if let finished = group, UNRecord.isGroup(name) {
            record!.add(group: name, fields: finished)
            group = nil
        } else if group != nil, UNRecord.isGroup(parent) {
            if !value.isEmpty { group?[name] = value }
        } else if !value.isEmpty {
            record!.add(field: name, parent: parent, value: value)
        }
    }
}

/// One `<INDIVIDUAL>` or `<ENTITY>` as read, before it becomes an `Entity`.
private struct UNRecord {
    /// Whether `name` is an element whose children describe one alias, address, date of birth or
    /// document (a `switch`: it is asked at every element, and comparing beats hashing).
    static func isGroup(_ name: String) -> Bool {
        switch name {
        case "INDIVIDUAL_ALIAS", "ENTITY_ALIAS", "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_DOCUMENT": true
        default: false
        }
    }

    let isIndividual: Bool
    let line: Int
    var nameParts: [String: String] = [:]
    var reference: String?
    var programs: [String] = []
    var comments: String?
    var aliases: [Alias] = []
    var datesOfBirth: [DateOfBirth] = []
    var nationalities: [String] = []
    var addresses: [Address] = []
    var identifiers: [Identifier] = []
    var unreadableDates: [String] = []

    mutating func add(field: String, parent: String, value: String) {
        switch (field, parent) {
        case ("FIRST_NAME", _), ("SECOND_NAME", _), ("THIRD_NAME", _), ("FOURTH_NAME", _):
            nameParts[field] = value
        case ("NAME_ORIGINAL_SCRIPT", _):
            aliases.append(Alias(name: value, strength: .strong, kind: "original-script"))
        case ("REFERENCE_NUMBER", _):
            reference = value
        case ("UN_LIST_TYPE", _):
            programs.append(value)
        case ("COMMENTS1", _):
            comments = value
        case ("VALUE", "NATIONALITY"):
            if let country = CountryCodes.resolve(value), !nationalities.contains(country) {
                nationalities.append(country)
            }
        default:
            break
        }
    }

    mutating func add(group: String, fields: [String: String]) {
        switch group {
        case "INDIVIDUAL_ALIAS", "ENTITY_ALIAS":
            guard let name = fields["ALIAS_NAME"] else { return }
            let quality = fields["QUALITY"] ?? ""
            aliases.append(Alias(name: name, strength: quality == "Low" ? .weak : .strong, kind: quality.isEmpty ? "aka" : quality))
        case "INDIVIDUAL_ADDRESS", "ENTITY_ADDRESS":
            let address = Address(
                street: fields["STREET"], city: fields["CITY"], region: fields["STATE_PROVINCE"],
                postalCode: fields["ZIP_CODE"], country: fields["COUNTRY"].flatMap(CountryCodes.resolve)
            )
            if address != Address() { addresses.append(address) }
        case "INDIVIDUAL_DATE_OF_BIRTH":
            addDateOfBirth(fields)
        case "INDIVIDUAL_DOCUMENT":
            guard let number = fields["NUMBER"] else { return }
            let kind = fields["TYPE_OF_DOCUMENT"] ?? fields["TYPE_OF_DOCUMENT2"] ?? "Document"
            let country = (fields["ISSUING_COUNTRY"] ?? fields["COUNTRY_OF_ISSUE"]).flatMap(CountryCodes.resolve)
            identifiers.append(Identifier(kind: kind, value: number, country: country))
        default:
            break
        }
    }

    /// `TYPE_OF_DATE` EXACT / APPROXIMATELY / BETWEEN with `DATE` (`1962-01-01`, `1962-01`,
    /// `1962`, optionally followed by `T` and a time), `YEAR`, or `FROM_YEAR`/`TO_YEAR`, each
    /// checked by `DateOfBirth(iso:)` (`1962-00-00` or `1962-02-31` is reported, not kept).
    /// Elements with only a `NOTE` (or nothing) carry no date.
    private mutating func addDateOfBirth(_ fields: [String: String]) {
        let approximate = fields["TYPE_OF_DATE"] == "APPROXIMATELY"
        if let date = fields["DATE"] {
            let datePart = date.prefix(before: "T") ?? date
            guard var dateOfBirth = DateOfBirth(iso: datePart) else {
                unreadableDates.append(date)
                return
            }
            dateOfBirth.approximate = approximate
            datesOfBirth.append(dateOfBirth)
        } else if let yearText = fields["YEAR"] {
            guard let year = Self.year(yearText) else {
                unreadableDates.append(yearText)
                return
            }
            datesOfBirth.append(DateOfBirth(year: year, approximate: approximate))
        } else if let fromText = fields["FROM_YEAR"] {
            guard let from = Self.year(fromText), let to = Self.year(fields["TO_YEAR"] ?? fromText), to >= from else {
                unreadableDates.append("\(fromText) to \(fields["TO_YEAR"] ?? "")")
                return
            }
            datesOfBirth.append(DateOfBirth(year: from, toYear: to == from ? nil : to, approximate: approximate))
        }
    }

    /// A four-digit year as `DateOfBirth(iso:)` accepts it.
    private static func year(_ text: String) -> Int? {
        DateOfBirth(iso: text).flatMap { $0.month == nil ? $0.year : nil }
    }

    struct Problem: Error {
        var field: String?
        var message: String
    }

    func entity(source: String) -> Result<Entity, Problem> {
        guard let reference else {
            return .failure(Problem(field: "REFERENCE_NUMBER", message: "record has no reference number; skipped"))
        }
        let name = ["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"]
            .compactMap { nameParts[$0] }
            .joined(separator: " ")
        guard !name.isEmpty else {
            return .failure(Problem(field: "FIRST_NAME", message: "\(reference) has no name; skipped"))
        }
        return .success(Entity(
            id: "\(source):\(reference)", source: source, programs: programs,
            type: isIndividual ? .person : .organization, name: name, aliases: aliases,
            datesOfBirth: datesOfBirth, nationalities: nationalities, addresses: addresses,
            identifiers: identifiers, remarks: comments
        ))
    }
}
