import Foundation
import Screening
import Store

/// A listed entity's stored record, shown in full and readably on the case page: one row per field the list
/// published (names and aliases, type, programmes, nationalities, dates of birth, addresses, identifiers,
/// remarks, listing terms) after where it came from (list, entry id, list version). Fields the list left
/// empty are omitted. A record that does not decode is said so, naming the problem, and shown as stored.
enum EntityView {
    /// One field: its label and its values, one per line.
    struct Field: Equatable {
        var label: String
        var values: [String]
    }

    /// The case page's values for `stored` (nil: not stored), found on `listVersion` of the alert.
    static func values(_ stored: StoredEntity?, listVersion: String) -> [String: Any] {
        guard let stored else { return ["hasEntity": false] }
        do {
            let entity = try JSONDecoder().decode(Entity.self, from: Data(stored.json.utf8))
            return ["hasEntity": true, "readable": true, "fields": fields(entity, listVersion: listVersion).map(\.dictionary)]
        } catch {
            return [
                "hasEntity": true, "readable": false, "raw": stored.json,
                "problem": "The stored record of \(stored.id) (list_entities.entity_json) could not be read: \(describe(error)). It is shown as stored.",
            ]
        }
    }

    /// Every non-empty field of `entity`, in reading order.
    static func fields(_ entity: Entity, listVersion: String) -> [Field] {
        var fields = [
            Field(label: "Name", values: [entity.name]),
            Field(label: "Aliases", values: entity.aliases.map { "\($0.name) (\($0.kind)\($0.strength == .weak ? ", weak" : ""))" }),
            Field(label: "Type", values: entity.type == .unknown ? [] : [entity.type.rawValue]),
            Field(label: "List", values: [entity.source]),
            Field(label: "Entry id", values: [entity.id]),
            Field(label: "List version", values: [listVersion]),
            Field(label: "Programmes", values: entity.programs),
            Field(label: "Nationalities", values: entity.nationalities),
            Field(label: "Dates of birth", values: entity.datesOfBirth.map(date)),
            Field(label: "Addresses", values: entity.addresses.map(address)),
            Field(label: "Identifiers", values: entity.identifiers.map(identifier)),
            Field(label: "Remarks", values: entity.remarks.map { [$0] } ?? []),
        ]
        if let listing = entity.listing {
            fields += [
                Field(label: "Licence requirement", values: listing.licenseRequirement.map { [$0] } ?? []),
                Field(label: "Licence review policy", values: listing.licensePolicy.map { [$0] } ?? []),
                Field(label: "Federal Register notice", values: listing.federalRegisterNotice.map { [$0] } ?? []),
                Field(label: "Listed since", values: listing.startDate.map { [$0] } ?? []),
            ]
        }
        return fields.compactMap { field in
            let values = field.values.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
            return values.isEmpty ? nil : Field(label: field.label, values: values)
        }
    }

    /// A stored record shown in full as indented JSON (keys sorted), where a page shows it as data (list diffs, artefacts).
    static func pretty(_ json: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
            let text = String(data: data, encoding: .utf8)
        else { return "(the stored record is not valid JSON: shown as stored)\n" + json }
        return text
    }

    /// `1961`, `1961-03`, `1961-03-05`, `1960 to 1962`, each `circa` when the list says so.
    static func date(_ date: DateOfBirth) -> String {
        var text = String(format: "%04d", date.year)
        if let month = date.month { text += String(format: "-%02d", month) }
        if let day = date.day { text += String(format: "-%02d", day) }
        if let to = date.toYear { text += " to \(to)" }
        return date.approximate ? "circa " + text : text
    }

    /// The parts of `address` that are known, comma-separated.
    static func address(_ address: Address) -> String {
        [address.street, address.city, address.region, address.postalCode, address.country].compactMap { $0 }.filter { !$0.isEmpty }
            .joined(separator: ", ")
    }

    /// `Passport 12345 (issued by RU)`.
    static func identifier(_ identifier: Identifier) -> String {
        "\(identifier.kind) \(identifier.value)" + (identifier.country.map { " (issued by \($0))" } ?? "")
    }

    private static func describe(_ error: any Error) -> String {
        let context: DecodingError.Context
        switch error {
        case DecodingError.keyNotFound(let key, let found):
            return "the field \((found.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is missing"
        case DecodingError.typeMismatch(_, let found), DecodingError.valueNotFound(_, let found), DecodingError.dataCorrupted(let found):
            context = found
        default:
            return "\(error)"
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return "at \(path.isEmpty ? "the top" : path): \(context.debugDescription)"
    }
}

extension EntityView.Field {
    var dictionary: [String: Any] { ["label": label, "values": values] }
}
