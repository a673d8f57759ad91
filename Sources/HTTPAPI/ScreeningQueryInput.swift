/// `#/components/schemas/Query`, one query of a batch screening, decoded by hand so that an unknown key is
/// reported before a missing one (`{"nme": "b"}` names `nme`, the likely typo, not the missing `name`).
struct ScreeningQueryInput: Codable, Hashable, Sendable {
    var name: String
    var type: Components.Schemas.PartyType?
    var country: String?
    var dob: String?
    var sources: [String]?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, type, country, dob, sources
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        if let unknown = keys.sorted().first(where: { CodingKeys(stringValue: $0) == nil }) {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)], debugDescription: DecodingProblem.unknownKeyPrefix))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        type = try container.decodeIfPresent(Components.Schemas.PartyType.self, forKey: .type)
        country = try container.decodeIfPresent(String.self, forKey: .country)
        dob = try container.decodeIfPresent(String.self, forKey: .dob)
        sources = try container.decodeIfPresent([String].self, forKey: .sources)
    }
}
