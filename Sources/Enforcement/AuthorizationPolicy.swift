import Determination

/// The rules of the authorisation decision point: party standing, then the determination of each
/// destination, then the licences, combined so the most restrictive answer stands.
///
/// Open true matches deny; unresolved alerts hold for review; a prohibition denies; a licence
/// requirement permits only when one stored licence covers every destination's findings.
public enum AuthorizationPolicy {
    /// A screening alert on the party: which listed entity it may be, on which list, how close.
    public struct Alert: Sendable, Hashable {
        /// The alert's number, for the analyst to find it.
        public var id: Int64
        public var partyID: String
        /// The listed entity and the list (`ofac-sdn`, `us-csl` …) it is on.
        public var entityID: String
        public var source: String
        /// The match score, 0 to 1.
        public var score: Double

        public init(id: Int64, partyID: String, entityID: String, source: String, score: Double) {
            self.id = id
            self.partyID = partyID
            self.entityID = entityID
            self.source = source
            self.score = score
        }
    }

    /// Where the party stands after screening.
    public struct PartyStanding: Sendable, Hashable {
        /// Alerts an analyst confirmed.
        public var trueMatches: [Alert]
        /// Alerts not yet decided.
        public var openAlerts: [Alert]
        /// For a person not stored as a party: list matches at or above the threshold (undecided by nature).
        public var adHocMatches: [String]

        public init(trueMatches: [Alert] = [], openAlerts: [Alert] = [], adHocMatches: [String] = []) {
            self.trueMatches = trueMatches
            self.openAlerts = openAlerts
            self.adHocMatches = adHocMatches
        }
    }

    /// The combined answer; `license` is the licence to draw on when the verdict is PERMIT on a licence.
    public struct Outcome: Sendable, Hashable {
        public var verdict: Verdict
        public var reasons: [VerdictReason]
        public var license: LicenseCoverage.Check?
    }

    /// Decides from the party's standing, the determinations (one per destination), and the licences, on the
    /// transaction's day (`transaction.date`): the answer depends on these values alone, never on the clock.
    public static func decide(
        party: PartyStanding, determinations: [Determination], licenses: [License], transaction: LicenseCoverage.Transaction
    ) -> Outcome {
        var reasons: [VerdictReason] = []
        for alert in party.trueMatches {
            reasons.append(
                VerdictReason(
                    code: "party_true_match", verdict: .deny,
                    explanation: "party \(alert.partyID) was confirmed as \(alert.entityID) (\(alert.source), alert \(alert.id))",
                    citation: citation(forSource: alert.source)))
        }
        for alert in party.openAlerts {
            reasons.append(
                VerdictReason(
                    code: "party_alert_open", verdict: .review,
                    explanation: "party \(alert.partyID) may be \(alert.entityID) (\(alert.source), score "
                        + "\(Double(Int(alert.score * 1000)) / 1000)); decide alert \(alert.id) first",
                    citation: citation(forSource: alert.source)))
        }
        for match in party.adHocMatches {
            reasons.append(
                VerdictReason(
                    code: "person_possible_match", verdict: .review,
                    explanation: "the person may be \(match); a compliance officer must clear the match", citation: nil))
        }
        var needsLicense: [Determination] = []
        for answer in determinations {
            switch answer.outcome {
            case .nlr:
                reasons.append(
                    VerdictReason(
                        code: "nlr", verdict: .permit, explanation: "\(answer.item) to \(answer.destination): no licence required (NLR)",
                        citation: "15 CFR 732.3; 758.1(c)(3)"))
            case .notSubject:
                reasons.append(
                    VerdictReason(
                        code: "not_subject", verdict: .permit,
                        explanation: "\(answer.item) to \(answer.destination): not subject to the EAR", citation: "15 CFR 734.3(b)"))
            case .outOfScopeITAR:
                reasons.append(
                    VerdictReason(
                        code: "itar", verdict: .review,
                        explanation: "\(answer.item) is under ITAR jurisdiction; the EAR engine does not decide it",
                        citation: "22 CFR 120-130"))
            case .needsReview:
                for finding in answer.findings where finding.outcome == .needsReview {
                    reasons.append(
                        VerdictReason(
                            code: "determination_needs_review", verdict: .review,
                            explanation: "\(answer.destination): \(finding.explanation)"
                                + (finding.missingFact.map { " (state the fact \($0))" } ?? ""),
                            citation: finding.citation))
                }
            case .prohibited:
                for finding in answer.findings where finding.outcome == .prohibited {
                    reasons.append(
                        VerdictReason(
                            code: "prohibited", verdict: .deny, explanation: "\(answer.destination): \(finding.explanation)",
                            citation: finding.citation))
                }
            case .licenseRequired:
                needsLicense.append(answer)
                for finding in answer.findings where finding.outcome == .licenseRequired {
                    reasons.append(
                        VerdictReason(
                            code: "license_required", verdict: .permit,
                            explanation: "\(answer.destination): \(finding.explanation)", citation: finding.citation))
                }
            }
        }
        var chosen: LicenseCoverage.Check?
        if !needsLicense.isEmpty {
            let checks = licenses.map { license in
                needsLicense.map { LicenseCoverage.check(license, for: $0, transaction: transaction) }
            }
            if let covering = checks.first(where: { $0.allSatisfy(\.covers) }) {
                chosen = covering[0]
                let check = covering[0]
                reasons.append(
                    VerdictReason(
                        code: "licensed", verdict: .permit,
                        explanation: "AUTHORIZED: licence \(check.licenseID) covers every finding" + balance(check),
                        citation: "15 CFR 750.7"))
            } else {
                let exceptions = needsLicense.flatMap(\.licenseExceptions).filter(\.available)
                markLicenseRequirements(&reasons, as: exceptions.isEmpty ? .deny : .review)
                if !exceptions.isEmpty {
                    reasons.append(
                        VerdictReason(
                            code: "license_exception_may_apply", verdict: .review,
                            explanation: "no stored licence covers it, but "
                                + exceptions.map { "\($0.code) (\($0.citation))" }.joined(separator: ", ")
                                + " may once its conditions are checked; record the exception relied on as a licence of kind license-exception",
                            citation: "15 CFR 740.2"))
                } else {
                    let unmet = checks.flatMap { $0.flatMap(\.unmet) }
                    reasons.append(
                        VerdictReason(
                            code: "no_license", verdict: .deny,
                            explanation: licenses.isEmpty
                                ? "no licence is stored for this item and destination"
                                : "no stored licence covers it: " + unmet.prefix(6).joined(separator: "; "),
                            citation: "15 CFR 736.2(b)"))
                }
            }
        }
        let verdict = reasons.map(\.verdict).max() ?? .review
        return Outcome(verdict: verdict, reasons: reasons, license: verdict == .permit ? chosen : nil)
    }

    /// A licence requirement no stored licence covers stands as a denial, or a review when an exception may apply.
    private static func markLicenseRequirements(_ reasons: inout [VerdictReason], as verdict: Verdict) {
        for index in reasons.indices where reasons[index].code == "license_required" {
            reasons[index].verdict = verdict
        }
    }

    private static func balance(_ check: LicenseCoverage.Check) -> String {
        var parts: [String] = []
        if let value = check.valueLeftAfter { parts.append("$\(value) left after this release") }
        if let quantity = check.quantityLeftAfter { parts.append("\(quantity) units left after this release") }
        return parts.isEmpty ? " (no value or quantity limit)" : " (" + parts.joined(separator: ", ") + ")"
    }

    private static func citation(forSource source: String) -> String {
        switch source {
        case let source where source.hasPrefix("ofac"): "31 CFR Chapter V (OFAC sanctions)"
        case "us-csl": "15 CFR Part 744 (Entity List, Military End-User List, Unverified List)"
        case "us-dpl": "15 CFR 764.3 and Part 736 GP4 (Denied Persons List)"
        case "un": "UN Security Council sanctions (consolidated list)"
        case "uk": "UK Sanctions and Anti-Money Laundering Act 2018 (UK Sanctions List)"
        default: "restricted-party list \(source)"
        }
    }
}
