import Foundation
import Screening
import Store

/// Parties from a CSV body or file: header `id,name,type,country,dob` (only `id` and `name` required).
public enum PartyCSV {
    /// Reads every row; the first bad row is an error naming its line and field.
    public static func parse(_ data: Data) throws -> [PartyRecord] {
        var stream = CSVRecordStream()
        let records = stream.feed(data) + stream.finish()
        guard let header = records.first else { throw APIError.invalid("line 1", "the CSV is empty; it needs a header id,name,type,country,dob") }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let known: Set<String> = ["id", "name", "type", "country", "dob"]
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw APIError.invalid("line 1", "line 1: unknown column \"\(unknown)\"; columns are id, name, type, country, dob")
        }
        guard let id = columns.firstIndex(of: "id"), let name = columns.firstIndex(of: "name") else {
            throw APIError.invalid("line 1", "line 1: the header needs id and name columns")
        }
        func cell(_ record: CSVRecord, _ column: String) -> String? {
            guard let index = columns.firstIndex(of: column), index < record.fields.count else { return nil }
            let text = record.fields[index].trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? nil : text
        }
        var parties: [PartyRecord] = []
        var lines: [Int] = []
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            guard record.complete else { throw APIError.invalid("line \(record.line)", "line \(record.line): a quoted field is never closed") }
            guard record.fields.count == columns.count else {
                throw APIError.invalid("line \(record.line)", "line \(record.line): \(record.fields.count) fields where the header has \(columns.count)")
            }
            parties.append(
                PartyRecord(
                    id: record.fields[id].trimmingCharacters(in: .whitespaces), name: record.fields[name].trimmingCharacters(in: .whitespaces),
                    type: cell(record, "type"), country: cell(record, "country"), dateOfBirth: cell(record, "dob")))
            lines.append(record.line)
        }
        try validate(parties, place: { "line \(lines[$0])" })
        return parties
    }

    /// Checks ids, names and the optional fields of every party; `place` names a party's position.
    public static func validate(_ parties: [PartyRecord], place: (Int) -> String) throws {
        var seen: [String: Int] = [:]
        for (index, party) in parties.enumerated() {
            let at = place(index)
            if party.id.isEmpty { throw APIError.invalid("\(at).id", "\(at): id is empty") }
            if party.id.count > 200 { throw APIError.invalid("\(at).id", "\(at): id is longer than 200 characters") }
            if let first = seen[party.id] { throw APIError.invalid("\(at).id", "\(at): id \(party.id) already appears at \(place(first))") }
            seen[party.id] = index
            if party.name.isEmpty { throw APIError.invalid("\(at).name", "\(at): name is empty") }
            if let type = party.type, EntityType(userText: type) == nil {
                throw APIError.invalid("\(at).type", "\(at): type \"\(type)\" is not person, organization, vessel or aircraft")
            }
            if let country = party.country, CountryCode(userText: country) == nil {
                throw APIError.invalid("\(at).country", "\(at): country \"\(country)\" is not an ISO 3166 alpha-2 code")
            }
            if let dob = party.dateOfBirth, DateOfBirth(iso: dob) == nil {
                throw APIError.invalid("\(at).dob", "\(at): dob \"\(dob)\" is not YYYY, YYYY-MM or YYYY-MM-DD")
            }
        }
    }
}
