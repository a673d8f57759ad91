import Screening

extension ComplianceService {
    /// A screening query from a user's fields, each checked: `country` an ISO 3166 alpha-2 code, `dob` YYYY, YYYY-MM or
    /// YYYY-MM-DD (a real day), and every one of `sources` a list this service screens. `field` names the fields in
    /// errors (`queries[2].` for the third query of a batch, "" for one query).
    /// - Throws: `InvalidInput` naming the field.
    public func screeningQuery(
        name: String, type: EntityType?, country: String?, dob: String?, sources: [String], field prefix: String
    ) throws(InvalidInput) -> ScreeningQuery {
        var code: String?
        if let country {
            guard let value = CountryCode(userText: country) else {
                throw InvalidInput(prefix + "country", "\"\(prefix)country\" must be an ISO 3166 alpha-2 code")
            }
            code = value.code
        }
        var dateOfBirth: DateOfBirth?
        if let dob {
            guard let value = DateOfBirth(iso: dob) else {
                throw InvalidInput(prefix + "dob", "\"\(prefix)dob\" must be YYYY, YYYY-MM or YYYY-MM-DD")
            }
            dateOfBirth = value
        }
        let known = Set(screener.index.lists.map(\.source))
        if let unknown = sources.first(where: { !known.contains($0) }) {
            throw InvalidInput(
                prefix + "sources",
                "\"\(prefix)sources\": \"\(unknown)\" is not a list source screened here; the sources are \(known.sorted().joined(separator: ", "))")
        }
        return ScreeningQuery(name: name, type: type, country: code, dateOfBirth: dateOfBirth, sources: sources.isEmpty ? nil : Set(sources))
    }
}
