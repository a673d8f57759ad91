import Audit
import Determination
import Enforcement
import Foundation
import ReleaseTokens
import Screening
import Store
import DataFormats

/// A request to release something controlled to someone: who, what, where, why, how much.
public struct AuthorizationRequest: Sendable, Hashable {
    /// Who receives it.
    public enum Recipient: Sendable, Hashable {
        /// A stored party (its alerts decide its standing).
        case party(id: String)
        /// A person not stored as a party; without a destination outside the US, a deemed export (15 CFR 734.13).
        case person(Person)
    }

    /// A foreign national's name, citizenships and permanent residence.
    public struct Person: Sendable, Hashable {
        public var name: String
        public var citizenships: [String]
        public var permanentResidence: String?

        public init(name: String, citizenships: [String], permanentResidence: String? = nil) {
            self.name = name
            self.citizenships = citizenships
            self.permanentResidence = permanentResidence
        }
    }

    /// What is released.
    public enum Subject: Sendable, Hashable {
        /// An item by its ECCN (with paragraph) or `EAR99`.
        case item(eccn: String)
        /// A registered artefact (its ECCN is the registered one).
        case artifact(id: String)
    }

    public var recipient: Recipient
    public var subject: Subject
    /// The destination country; for a person, omit it (or say `US`) for a release inside the US.
    public var destination: String?
    public var endUses: [String]
    public var consignee: String?
    public var value: Double
    public var quantity: Int
    /// The day of the release (`YYYY-MM-DD`; today when nil).
    public var date: String?
    public var facts: [String]
    /// How long the release token is valid, in seconds (60 to 86,400).
    public var tokenLifetime: Int

    public init(
        recipient: Recipient, subject: Subject, destination: String? = nil, endUses: [String] = [], consignee: String? = nil,
        value: Double = 0, quantity: Int = 1, date: String? = nil, facts: [String] = [], tokenLifetime: Int = 3600
    ) {
        self.recipient = recipient
        self.subject = subject
        self.destination = destination
        self.endUses = endUses
        self.consignee = consignee
        self.value = value
        self.quantity = quantity
        self.date = date
        self.facts = facts
        self.tokenLifetime = tokenLifetime
    }
}

/// The decision point's answer, as returned and stored.
public struct AuthorizationAnswer: Sendable, Encodable {
    /// The decision id (`az_…`), the token's `jti`.
    public var decisionID: String
    /// The audit record written with it.
    public var auditSequence: Int64
    public var verdict: Verdict
    public var reasons: [VerdictReason]
    /// Who: a party id or `person:NAME`.
    public var subject: String
    public var artifact: String?
    public var item: String
    /// The destinations evaluated (for a deemed export, the person's countries).
    public var destinations: [String]
    /// Whether this is a deemed export (release of technology or source code to a foreign person in the US).
    public var deemedExport: Bool
    /// The licence a PERMIT drew on, with what is left.
    public var license: LicenseUse?
    public var determinations: [Determination]
    /// The signed release token (PERMIT only) and when it expires.
    public var token: String?
    public var expiresAt: String?
    public var versions: String

    public struct LicenseUse: Sendable, Encodable {
        public var id: String
        public var status = "AUTHORIZED"
        public var valueLeft: Double?
        public var quantityLeft: Int?

        enum CodingKeys: String, CodingKey {
            case id, status
            case valueLeft = "value_left"
            case quantityLeft = "quantity_left"
        }
    }

    /// The answer as JSON; the determinations are written first, by their hand-written line writer
    /// (several times faster than `Encodable` on the service's hot path), the other fields with sorted keys.
    public func json(withToken: Bool = true) -> String {
        var head = self
        if !withToken { head.token = nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let fields = String(decoding: (try? encoder.encode(head)) ?? Data("{}".utf8), as: UTF8.self).dropFirst()
        let lines = determinations.map { $0.jsonLine() }.joined(separator: ",")
        return #"{"determinations":["# + lines + "]," + fields
    }

    /// Every field but `determinations`, which `json()` writes itself.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decisionID, forKey: .decisionID)
        try container.encode(auditSequence, forKey: .auditSequence)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reasons, forKey: .reasons)
        try container.encode(subject, forKey: .subject)
        try container.encodeIfPresent(artifact, forKey: .artifact)
        try container.encode(item, forKey: .item)
        try container.encode(destinations, forKey: .destinations)
        try container.encode(deemedExport, forKey: .deemedExport)
        try container.encodeIfPresent(license, forKey: .license)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try container.encode(versions, forKey: .versions)
    }

    enum CodingKeys: String, CodingKey {
        case verdict, reasons, subject, artifact, item, destinations, license, token, versions
        case decisionID = "decision_id"
        case auditSequence = "audit_sequence"
        case deemedExport = "deemed_export"
        case expiresAt = "expires_at"
    }
}

/// Why an authorisation request cannot be decided as given: the field and the problem.
public struct AuthorizationInputError: Error, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String
    public var description: String { "\(field): \(problem)" }
}

extension ComplianceService {
    /// The audience release tokens are issued for, unless a gate is given another.
    public static let defaultAudience = "clearance-gate"

    /// Decides a release: screens the party, determines every destination, checks the licences, and
    /// answers PERMIT (with a signed token, drawing on the licence), DENY or REVIEW, audited in the
    /// same transaction as the licence draw. A PERMIT whose draw loses the race for the licence's last
    /// units is answered and recorded as a DENY (`license_exhausted`), like any other decision.
    public func authorize(_ request: AuthorizationRequest, actor: String, body: Data) async throws -> AuthorizationAnswer {
        guard (60...86_400).contains(request.tokenLifetime) else {
            throw AuthorizationInputError(field: "token_ttl_seconds", problem: "must be from 60 to 86400 seconds")
        }
        guard request.quantity >= 1 else {
            throw AuthorizationInputError(field: "quantity", problem: "must be at least 1: a release is at least one unit")
        }
        guard request.value >= 0, request.value.isFinite else {
            throw AuthorizationInputError(field: "value", problem: "must not be negative")
        }
        let item: String
        var artifactID: String?
        switch request.subject {
        case .item(let eccn): item = eccn
        case .artifact(let id):
            guard let artifact = try await store.artifact(id: id) else {
                throw AuthorizationInputError(field: "artifact", problem: "no artefact \(id) is registered (POST /v1/artifacts)")
            }
            item = artifact.eccn
            artifactID = id
        }
        guard let classification = ItemClassification(item) else {
            throw AuthorizationInputError(field: "eccn", problem: "\"\(item)\" is not an ECCN such as 3E001 or EAR99")
        }

        var standing = AuthorizationPolicy.PartyStanding()
        var reasons: [VerdictReason] = []
        var subject: String
        var partyID: String?
        var name: String
        var screenings: [PartyScreening] = []
        var destinations: [String] = []
        var deemed = false
        switch request.recipient {
        case .party(let id):
            guard let party = try await store.party(id: id) else {
                throw AuthorizationInputError(field: "party", problem: "no party \(id) is stored (POST /v1/parties)")
            }
            let alerts = try await store.alerts(partyID: id)
            standing.trueMatches = alerts.filter { $0.status == .trueMatch }.map(AuthorizationPolicy.Alert.init)
            standing.openAlerts = alerts.filter { $0.status == .open }.map(AuthorizationPolicy.Alert.init)
            subject = id
            partyID = id
            name = party.name
            guard let destination = request.destination else {
                throw AuthorizationInputError(field: "destination", problem: "is required for a party")
            }
            destinations = [destination]
        case .person(let person):
            subject = "person:" + person.name
            name = person.name
            let screening = parties.screen(person.name)
            screenings = [screening]
            standing.adHocMatches = screening.hits.map { "\($0.entry.name) (\($0.entry.list), \($0.entry.id), score \(Double(Int(($0.entry.score * 1000).rounded())) / 1000))" }
            if let destination = request.destination, destination.uppercased() != "US" {
                destinations = [destination]
            } else {
                deemed = true
                guard !person.citizenships.isEmpty else {
                    throw AuthorizationInputError(field: "person.citizenship", problem: "a deemed export needs the person's citizenship(s)")
                }
                guard classification.isTechnologyOrSoftware else {
                    throw AuthorizationInputError(
                        field: "eccn",
                        problem: "a deemed export (15 CFR 734.13) releases technology or source code (product group D or E); "
                            + "\(item) is not; authorise a shipment to a destination instead")
                }
                let countries = (person.citizenships + [person.permanentResidence].compactMap { $0 }).map { $0.uppercased() }
                if countries.contains("US") {
                    reasons.append(
                        VerdictReason(
                            code: "us_person", verdict: .permit,
                            explanation: "\(person.name) is a US citizen or permanent resident: a release to them is not a deemed export",
                            citation: "15 CFR 734.13(b); 772.1 (U.S. person)"))
                } else {
                    for country in countries where !destinations.contains(country) { destinations.append(country) }
                }
            }
        }

        var determinations: [Determination] = []
        for destination in destinations {
            var input = Determiner.Input(eccn: item, destination: destination)
            input.endUses = request.endUses
            input.value = request.value > 0 ? String(request.value) : nil
            input.date = request.date
            input.facts = request.facts
            do {
                determinations.append(try determiner.determine(try determiner.request(from: input, parties: screenings)))
            } catch {
                throw AuthorizationInputError(field: error.field.replacingOccurrences(of: "-", with: "_"), problem: error.description)
            }
        }
        guard let date = CivilDate(request.date ?? Self.today()) else {
            throw AuthorizationInputError(field: "date", problem: "must be a YYYY-MM-DD day")
        }
        let licenses = try License.all(try await store.licenses().filter { $0.revokedAt == nil })
        let outcome = AuthorizationPolicy.decide(
            party: standing, determinations: determinations, licenses: licenses,
            transaction: LicenseCoverage.Transaction(
                date: date, consignee: request.consignee, endUser: name, endUses: request.endUses, value: request.value,
                quantity: request.quantity))
        reasons = outcome.reasons + reasons
        let verdict = reasons.map(\.verdict).max() ?? .review

        let decisionID = "az_" + Self.randomHex(bytes: 12)
        let issued = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let expires = issued.addingTimeInterval(TimeInterval(request.tokenLifetime))
        var token: String?
        if verdict == .permit {
            let signer = try await signing.current(store: store, actor: "system")
            token = try await signer.sign(
                ReleaseClaims(
                    id: decisionID, issuer: ReleaseTokenVerifier.defaultIssuer, subject: subject, audience: [audience],
                    artifact: artifactID, item: item, destination: destinations.first ?? "US", license: outcome.license?.licenseID,
                    issuedAt: issued, expiresAt: expires))
        }
        let versions = (determinations.first?.dataVersion ?? "") + "; " + listVersions
        var answer = AuthorizationAnswer(
            decisionID: decisionID, auditSequence: 0, verdict: verdict, reasons: reasons, subject: subject, artifact: artifactID,
            item: item, destinations: destinations, deemedExport: deemed, license: nil, determinations: determinations,
            token: token, expiresAt: token == nil ? nil : CivilDate.timestamp(expires), versions: versions)
        let draw = outcome.license.map { LicenseDraw(licenseID: $0.licenseID, value: request.value, quantity: request.quantity) }
        let what: String = artifactID.map { "\($0) (\(item))" } ?? item
        let whereTo: String = destinations.isEmpty ? "US" : destinations.joined(separator: "+")
        let onLicense: String = draw.map { " on licence \($0.licenseID)" } ?? ""
        let summary = "\(verdict.rawValue) \(decisionID): \(what) to \(whereTo) for \(subject)\(onLicense)" + (deemed ? " (deemed export)" : "")
        let record = AuthorizationRecord(
            id: decisionID, verdict: verdict.rawValue, subject: subject, partyID: partyID, artifact: artifactID, item: item,
            destination: destinations.first ?? "US", licenseID: draw?.licenseID,
            expiresAt: token == nil ? nil : Int64(expires.timeIntervalSince1970 * 1000), decisionJSON: answer.json(withToken: false))
        let audit = AuditDraft(actor: actor, action: "authorize", input: body, result: summary, versions: versions)
        let stored: (record: AuditRecord, license: StoredLicense?)
        switch try await self.record(record, draw: draw, audit: audit) {
        case .recorded(let value): stored = value
        case .drawRefused(let refusal):
            return try await recordLostRace(
                answer, record: record, refusal: refusal,
                description: "\(what) to \(whereTo) for \(subject)" + (deemed ? " (deemed export)" : ""), actor: actor, body: body)
        }
        answer.auditSequence = stored.record.sequence
        if let license = stored.license {
            answer.license = AuthorizationAnswer.LicenseUse(id: license.license.id, valueLeft: license.valueLeft, quantityLeft: license.quantityLeft)
        }
        return answer
    }

    /// The published release keys (JWKS).
    public func releaseKeys() async throws -> ReleaseKeySet {
        _ = try await signing.current(store: store, actor: "system")
        return try await ReleaseSigning.published(store: store)
    }

    /// The release keys published in `store` (for a gate reading the store directly).
    public static func publishedReleaseKeys(store: any Store) async throws -> ReleaseKeySet {
        try await ReleaseSigning.published(store: store)
    }

    /// Replaces the signing key; the old one stays published for a day. Returns the new key id.
    public func rotateReleaseKey(actor: String) async throws -> String {
        try await signing.rotate(store: store, actor: actor)
    }

    /// Revokes a licence and the outstanding releases that drew on it.
    public func revokeLicense(id: String, reason: String, actor: String) async throws(StoreError) -> (license: StoredLicense, revoked: Int) {
        try await store.revokeLicense(id: id, reason: reason, audit: Self.licenseRevocation(id: id, reason: reason, actor: actor))
    }

    /// The audit record of a licence revocation.
    public static func licenseRevocation(id: String, reason: String, actor: String) -> AuditDraft {
        AuditDraft(
            actor: actor, action: "license.revoke", input: Data("\(id) \(reason)".utf8), result: "licence \(id) revoked: \(reason)",
            versions: "")
    }

    /// Registers artefacts with their classification.
    public func registerArtifacts(_ artifacts: [ArtifactRecord], actor: String, input: Data) async throws(StoreError) {
        try await store.registerArtifacts(
            artifacts,
            audit: AuditDraft(
                actor: actor, action: "artifacts.register", input: input,
                result: artifacts.map { "\($0.id) (\($0.eccn))" }.joined(separator: ", "), versions: ""))
    }

    public static func today() -> String { CivilDate(utc: Date()).description }

}

/// Whether stored licences authorise a licence-required determination (read only: nothing is drawn).
public struct LicensingView: Sendable, Encodable {
    /// `AUTHORIZED` when a licence covers every finding, else `NOT_COVERED`.
    public var status: String
    public var license: String?
    public var valueLeftAfter: Double?
    public var quantityLeftAfter: Int?
    /// For `NOT_COVERED`: what each licence lacks.
    public var unmet: [String]

    enum CodingKeys: String, CodingKey {
        case status, license, unmet
        case valueLeftAfter = "value_left_after"
        case quantityLeftAfter = "quantity_left_after"
    }
}

extension ComplianceService {
    /// For a LICENSE_REQUIRED answer, the stored licence that would authorise it and the balance after, or what is missing.
    public func licensing(for determination: Determination, transaction: LicenseCoverage.Transaction) async throws(StoreError)
        -> LicensingView?
    {
        guard determination.outcome == .licenseRequired else { return nil }
        let licenses = try License.all(try await store.licenses())
        let checks = licenses.map { LicenseCoverage.check($0, for: determination, transaction: transaction) }
        if let check = checks.first(where: \.covers) {
            return LicensingView(
                status: "AUTHORIZED", license: check.licenseID, valueLeftAfter: check.valueLeftAfter, quantityLeftAfter: check.quantityLeftAfter,
                unmet: [])
        }
        return LicensingView(status: "NOT_COVERED", unmet: checks.isEmpty ? ["no licence is stored"] : checks.flatMap(\.unmet))
    }
}
