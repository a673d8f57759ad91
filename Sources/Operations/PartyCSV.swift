import Foundation
import Screening
import Store
import DataFormats

/// Parties from a CSV body or file: header `id,name,type,country,dob` (only `id` and `name` required).
public enum PartyCSV {
    /// Reads every row with the batch-screening header reader; the first bad row is an error naming its line and field
    /// (a field that is not UTF-8 or holds a control character included).
    /// - Throws: `InvalidInput` naming the line and field.
    public static func parse(_ data: Data) throws(InvalidInput) -> [PartyRecord] {
        var stream = CSVReader()
        let records: [CSVRecord]
        do {
            records = try stream.feed(data) + stream.finish()
        } catch {
            let header = CSVReader.records(in: data.prefix(while: { $0 != UInt8(ascii: "\n") })).first?.fields ?? []
            let column = error.line > 1 && error.column <= header.count
                ? header[error.column - 1].trimmingCharacters(in: .whitespaces).lowercased() : "column \(error.column)"
            throw InvalidInput("line \(error.line).\(column)", "line \(error.line): \(column) \(error.problem)")
        }
        guard let first = records.first else { throw InvalidInput("line 1", "the CSV is empty; it needs a header id,name,type,country,dob") }
        let header: BatchHeader
        do {
            header = try BatchHeader(first)
        } catch {
            throw InvalidInput("line \(error.line)", error.description)
        }
        var parties: [PartyRecord] = []
        var lines: [Int] = []
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            switch header.query(from: record).query {
            case .failure(let error):
                throw InvalidInput("line \(error.line)" + (error.field.map { ".\($0)" } ?? ""), error.description)
            case .success(let query):
                let dob = header.text("dob", in: record).flatMap { $0.isEmpty ? nil : $0 }
                parties.append(
                    PartyRecord(
                        id: header.text("id", in: record) ?? "", name: query.name, type: query.type?.rawValue,
                        country: query.country, dateOfBirth: dob))
                lines.append(record.line)
            }
        }
        try validate(parties, place: { "line \(lines[$0])" })
        return parties
    }

    /// Checks ids, names and the optional fields of every party; `place` names a party's position.
    public static func validate(_ parties: [PartyRecord], place: (Int) -> String) throws(InvalidInput) {
        var seen: [String: Int] = [:]
        for (index, party) in parties.enumerated() {
            let at = place(index)
            if party.id.isEmpty { throw InvalidInput("\(at).id", "\(at): id is empty") }
            let texts: [(String, String?, Int)] = [
                ("id", party.id, 200), ("name", party.name, InputText.nameLimit), ("type", party.type, InputText.lineLimit),
                ("country", party.country, InputText.lineLimit), ("dob", party.dateOfBirth, InputText.lineLimit),
            ]
            for case let (field, text?, limit) in texts {
                if let problem = InputText.problem(in: text, limit: limit) {
                    throw InvalidInput("\(at).\(field)", "\(at): \(field) \(problem)")
                }
            }
            if let first = seen[party.id] { throw InvalidInput("\(at).id", "\(at): id \(party.id) already appears at \(place(first))") }
            seen[party.id] = index
            if party.name.isEmpty { throw InvalidInput("\(at).name", "\(at): name is empty") }
            if let type = party.type, EntityType(userText: type) == nil {
                throw InvalidInput("\(at).type", "\(at): type \"\(type)\" is not person, organization, vessel or aircraft")
            }
            if let country = party.country, CountryCode(userText: country) == nil {
                throw InvalidInput("\(at).country", "\(at): country \"\(country)\" is not an ISO 3166 alpha-2 code")
            }
            if let dob = party.dateOfBirth, DateOfBirth(iso: dob) == nil {
                throw InvalidInput("\(at).dob", "\(at): dob \"\(dob)\" is not YYYY, YYYY-MM or YYYY-MM-DD")
            }
        }
    }
}
