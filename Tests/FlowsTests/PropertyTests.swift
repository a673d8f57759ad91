import Flows
import DataFormats
import Foundation
import Testing

/// Properties over every category, every origin in the data and a spread of destinations and dates.
@Suite struct PropertyTests {
    private static let origins = Array(Set(Bundled.tables.rules.map(\.iso2))).sorted() + ["DE", "NO", "HK", "NG"]
    private static let destinations = ["US", "CN", "JP", "GB", "DE", "IN", "SG", "MX", "HK", "BR", "NG"]
    private static let dates = ["2021-01-01", "2024-07-01", "2025-06-01", "2026-01-01", "2026-11-23"]

    @Test func noRuleIsNeverPermittedAndEveryDecisionEncodes() throws {
        for category in Bundled.checker.categoryKeys {
            for origin in Self.origins {
                for destination in Self.destinations where destination != origin {
                    for date in Self.dates {
                        let decision = try Bundled.decide(category, from: origin, to: destination, on: date)
                        let crossBorder = decision.fromJurisdiction != decision.toJurisdiction
                        if crossBorder && decision.rules.isEmpty {
                            #expect(decision.outcome == .needsReview, "\(category) \(origin)→\(destination) \(date)")
                        }
                        if let worst = decision.rules.map(\.outcome).max() {
                            #expect(decision.outcome == worst, "\(category) \(origin)→\(destination) \(date)")
                        }
                        let object = try JSONSerialization.jsonObject(with: decision.jsonData()) as? [String: Any]
                        #expect(object?["outcome"] as? String == decision.outcome.rawValue)
                    }
                }
            }
        }
    }

    @Test func everyMechanismIsAcceptedBySomeRuleOrAdequacyDecision() {
        let tables = Bundled.tables
        let used = Set(tables.rules.flatMap(\.mechanisms) + tables.adequacy.compactMap(\.certification))
        for mechanism in tables.mechanisms {
            #expect(used.contains(mechanism.id), "\(mechanism.id) is in mechanisms.csv but no rule or decision accepts it")
        }
    }

    @Test func everyAgreementWithPartiesHasEveryDisciplineAtEveryDate() throws {
        let tables = Bundled.tables
        for agreement in tables.agreements {
            #expect(tables.parties.contains { $0.agreementID == agreement.id }, "\(agreement.id) has no parties")
            for discipline in Discipline.allCases {
                let rows = tables.articles.filter { $0.agreementID == agreement.id && $0.discipline == discipline }
                for text in Self.dates {
                    let date = try #require(CivilDate(text))
                    #expect(rows.filter { $0.span.contains(date) }.count == 1, "\(agreement.id) \(discipline.rawValue) on \(text)")
                }
            }
        }
    }
}
