import DataFormats

/// RULES.md A.0 step 5 and Part B: the agreements in force for both parties on the date, and the
/// origin's localisation, transfer-ban and source-code rules against their disciplines.
struct AgreementReport {
    let tables: TransferTables
    let date: CivilDate
    /// The origin as requested (carve-outs may name it, e.g. `VN`).
    let origin: String
    /// The parties as the agreements list them (`EU` for member states).
    let fromParty: String
    let toParty: String
    let category: String

    /// The agreements in force for both parties on the date; contested or later entries are named in `note`.
    func agreementsInForce(note: (String) -> Void) -> [AgreementInForce] {
        var found: [AgreementInForce] = []
        for agreement in tables.agreements {
            let parties = tables.parties.filter { $0.agreementID == agreement.id }
            guard let originParty = parties.first(where: { $0.party == fromParty }),
                let destinationParty = parties.first(where: { $0.party == toParty })
            else { continue }
            guard let originDate = originParty.inForce, let destinationDate = destinationParty.inForce else {
                let unknown = originParty.inForce == nil ? originParty : destinationParty
                note("\(agreement.id): in-force date for \(unknown.party) not recorded (\(unknown.note)); not reported as in force")
                continue
            }
            guard originDate <= date, destinationDate <= date else {
                let (party, entry) = originDate > date ? (originParty.party, originDate) : (destinationParty.party, destinationDate)
                note("\(agreement.id) enters into force for \(party) only on \(entry), after the transfer date")
                continue
            }
            var articles: [Discipline: String] = [:]
            for discipline in Discipline.allCases {
                articles[discipline] = article(agreement.id, discipline)?.article ?? ""
            }
            found.append(
                AgreementInForce(
                    id: agreement.id, name: agreement.name,
                    inForceFor: [.init(party: fromParty, date: originDate), .init(party: toParty, date: destinationDate)],
                    articles: articles, confidence: agreement.confidence))
        }
        return found
    }

    private func article(_ agreement: String, _ discipline: Discipline) -> AgreementArticle? {
        tables.articles.first { $0.agreementID == agreement && $0.discipline == discipline && $0.span.contains(date) }
    }

    /// Origin localisation, transfer-ban and source-code rules against the agreements' disciplines.
    func conflicts(applied: [AppliedRule], agreements: [AgreementInForce]) -> [Conflict] {
        var conflicts: [Conflict] = []
        for entry in applied where entry.outcome >= .needsReview || tables.rule(entry.id)?.ruleType.family == .localisation {
            guard let rule = tables.rule(entry.id) else { continue }
            let discipline: Discipline
            switch rule.ruleType.family {
            case .localisation: discipline = category == "financial" ? .financialServicesData : .localization
            case .prohibition: discipline = .dataFlows
            case .review where category == "source-code": discipline = .sourceCode
            default: continue
            }
            for agreement in agreements {
                let found = article(agreement.id, discipline)
                guard let article = found, article.covered != .no else {
                    conflicts.append(
                        Conflict(
                            ruleID: rule.id, jurisdiction: rule.jurisdiction, agreementID: agreement.id, discipline: discipline,
                            article: found?.article ?? "", assessment: .notChallengeable,
                            reasons: ["\(agreement.id) has no \(discipline.rawValue) discipline on \(date)"]))
                    continue
                }
                let carveOuts = tables.carveOuts.filter {
                    $0.agreementID == agreement.id && ($0.discipline == nil || $0.discipline == discipline)
                        && ($0.category == nil || $0.category == category)
                        && ($0.party == nil || $0.party == origin || $0.party == fromParty) && $0.span.contains(date)
                }
                var reasons = carveOuts.sorted { $0.effect == .notChallengeable && $1.effect != .notChallengeable }.map(\.text)
                var assessment = Conflict.Assessment.challengeable
                if carveOuts.contains(where: { $0.effect == .notChallengeable }) {
                    assessment = .notChallengeable
                } else if !carveOuts.isEmpty || article.covered == .unverified {
                    assessment = .caveated
                }
                if article.covered == .unverified { reasons.append("the article is not verified in the data") }
                conflicts.append(
                    Conflict(
                        ruleID: rule.id, jurisdiction: rule.jurisdiction, agreementID: agreement.id, discipline: discipline,
                        article: article.article, assessment: assessment, reasons: reasons))
            }
        }
        return conflicts
    }
}
