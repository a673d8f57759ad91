import Screening

/// Screens a consignee or end user with the screening engine and keeps the hits that bear on an export.
///
/// Denied Persons hits become GP4 findings; Entity List, Military End-User and Unverified List hits
/// become GP5 findings with the listing's terms; other sanctions hits are reported for review.
public struct PartyScreener: Sendable {
    public let screener: Screener
    public let options: ScreeningOptions
    private let entities: [String: Entity]

    public init(screener: Screener, options: ScreeningOptions = .init()) {
        self.screener = screener
        self.options = options
        self.entities = Dictionary(screener.index.entities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The screening of `name`, with every hit at or above the threshold classified by list.
    public func screen(_ name: String) -> PartyScreening {
        let matches = screener.screen(ScreeningQuery(name: name), options: options)
        return PartyScreening(name: name, hits: matches.map(hit))
    }

    private func hit(_ match: Match) -> PartyHit {
        let entity = entities[match.entityID]
        let programs = match.programs
        let list: PartyHit.List
        if match.source == "us-dpl" {
            list = .deniedPersons
        } else if programs.contains(where: { $0.hasPrefix("Entity List") }) {
            list = .entityList
        } else if programs.contains(where: { $0.hasPrefix("Military End User") }) {
            list = .militaryEndUser
        } else if programs.contains(where: { $0.hasPrefix("Unverified List") }) {
            list = .unverified
        } else {
            list = .sanctions(programs: programs.isEmpty ? [match.source] : programs)
        }
        let listName = programs.first ?? match.source
        return PartyHit(
            list: list,
            entry: ListEntryReference(
                id: match.entityID, name: match.matchedName, list: "\(listName) (\(match.list.source)"
                    + (match.list.published.map { " \($0)" } ?? "") + ")",
                score: match.score),
            licenseRequirement: entity?.listing?.licenseRequirement, licensePolicy: entity?.listing?.licensePolicy,
            federalRegisterNotice: entity?.listing?.federalRegisterNotice)
    }
}
