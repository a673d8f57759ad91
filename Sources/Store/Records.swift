import Audit
import Foundation

/// A role an API key holds; each role may do what the one before may, and more (except `landmark`'s one action, which
/// only `landmark` and `admin` keys may do).
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A landmark's key: it may only post signed measurement records (`POST /v1/monitor/measurements`), nothing else.
    case landmark
    /// Screen and determine.
    case screener
    /// Also parties, cases and reading the audit log.
    case analyst
    /// Also deciding and extending tariff-exclusion requests, and reading their confidential business information.
    case reviewer
    /// Also lists and keys.
    case admin

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}

/// An API key as stored: only the SHA-256 of the secret is kept.
public struct APIKeyRecord: Sendable, Hashable {
    /// The public id (`key_…`), which the audit log names as the actor.
    public var id: String
    /// SHA-256 (hex) of the secret.
    public var secretHash: String
    public var role: Role
    /// Milliseconds since 1970.
    public var createdAt: Int64

    public init(id: String, secretHash: String, role: Role, createdAt: Int64) {
        self.id = id
        self.secretHash = secretHash
        self.role = role
        self.createdAt = createdAt
    }
}

/// A party the company deals with (customer, supplier, end user), as imported.
public struct PartyRecord: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var type: String?
    public var country: String?
    public var dateOfBirth: String?

    public init(id: String, name: String, type: String? = nil, country: String? = nil, dateOfBirth: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.country = country
        self.dateOfBirth = dateOfBirth
    }

    /// SHA-256 over the screened fields: a change of any of them means the party must be screened again.
    public var digest: String {
        AuditRecord.digest(Data([name, type ?? "", country ?? "", dateOfBirth ?? ""].joined(separator: "\u{1F}").utf8))
    }

    enum CodingKeys: String, CodingKey {
        case id, name, type, country
        case dateOfBirth = "dob"
    }
}

/// What storing a party did.
public enum PartyChange: String, Sendable, Hashable {
    case inserted, changed, unchanged
}

/// A possible match of a stored party with a list entity, to be opened as an alert.
public struct AlertCandidate: Sendable, Hashable {
    public var entityID: String
    public var source: String
    public var listVersion: String
    public var score: Double
    /// SHA-256 of the entity's record: a change reopens a suppressed pair.
    public var entityDigest: String
    /// The match and its explanation, as JSON.
    public var matchJSON: String

    public init(entityID: String, source: String, listVersion: String, score: Double, entityDigest: String, matchJSON: String) {
        self.entityID = entityID
        self.source = source
        self.listVersion = listVersion
        self.score = score
        self.entityDigest = entityDigest
        self.matchJSON = matchJSON
    }
}

/// The state of an alert.
public enum AlertStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for an analyst.
    case open
    /// The analyst found it is not the listed party; the pair stays suppressed until either side changes.
    case falsePositive = "false_positive"
    /// The analyst confirmed the match.
    case trueMatch = "true_match"
    /// The entity left the list before a decision.
    case delisted
}

/// An analyst's decision on an alert.
public enum Decision: String, Sendable, Hashable, Codable, CaseIterable {
    case falsePositive = "false_positive"
    case trueMatch = "true_match"
}

/// An alert (a case): one party matched one list entity at or above the threshold.
public struct AlertRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var partyID: String
    public var entityID: String
    public var source: String
    public var listVersion: String
    public var score: Double
    public var status: AlertStatus
    public var matchJSON: String
    public var openedAt: Int64
    public var decidedAt: Int64?
    public var decidedBy: String?
    public var reason: String?

    public init(
        id: Int64, partyID: String, entityID: String, source: String, listVersion: String, score: Double, status: AlertStatus,
        matchJSON: String, openedAt: Int64, decidedAt: Int64? = nil, decidedBy: String? = nil, reason: String? = nil
    ) {
        self.id = id
        self.partyID = partyID
        self.entityID = entityID
        self.source = source
        self.listVersion = listVersion
        self.score = score
        self.status = status
        self.matchJSON = matchJSON
        self.openedAt = openedAt
        self.decidedAt = decidedAt
        self.decidedBy = decidedBy
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey {
        case id, source, score, status, reason
        case partyID = "party_id"
        case entityID = "entity_id"
        case listVersion = "list_version"
        case matchJSON = "match"
        case openedAt = "opened_at"
        case decidedAt = "decided_at"
        case decidedBy = "decided_by"
    }
}

/// What recording one party's screening did.
public struct ScreeningOutcome: Sendable, Hashable {
    /// Alerts opened by this screening.
    public var opened: [AlertRecord]
    /// Candidates left out because an analyst cleared the same pair and neither side changed.
    public var suppressed: Int
    /// Candidates that already had an open alert (its score and match were refreshed).
    public var alreadyOpen: Int
}

/// One version of a restricted-party list as stored.
public struct ListVersionRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var source: String
    public var name: String
    public var published: String?
    public var sha256: String
    public var partial: String?
    public var entityCount: Int
    public var importedAt: Int64
    public var active: Bool

    enum CodingKeys: String, CodingKey {
        case id, source, name, published, sha256, partial, active
        case entityCount = "entity_count"
        case importedAt = "imported_at"
    }
}

/// A list entity as stored: its id, the SHA-256 of its record, and the record as JSON.
public struct StoredEntity: Sendable, Hashable {
    public var id: String
    public var digest: String
    public var json: String

    public init(id: String, digest: String, json: String) {
        self.id = id
        self.digest = digest
        self.json = json
    }
}

/// A list version to import.
public struct NewListVersion: Sendable {
    public var source: String
    public var name: String
    public var published: String?
    public var sha256: String
    public var partial: String?
    public var entities: [StoredEntity]

    public init(source: String, name: String, published: String?, sha256: String, partial: String?, entities: [StoredEntity]) {
        self.source = source
        self.name = name
        self.published = published
        self.sha256 = sha256
        self.partial = partial
        self.entities = entities
    }
}

/// A slice of a re-screening job: the stored parties from `firstParty` to `lastParty`, in id order.
public struct RescreenChunk: Sendable, Hashable, Codable {
    public var id: Int64
    public var jobID: Int64
    public var source: String
    public var versionID: Int64
    public var previousVersionID: Int64?
    public var firstParty: String
    public var lastParty: String
    public var worker: String

    enum CodingKeys: String, CodingKey {
        case id, source, worker
        case jobID = "job_id"
        case versionID = "version_id"
        case previousVersionID = "previous_version_id"
        case firstParty = "first_party"
        case lastParty = "last_party"
    }
}

/// How far a re-screening job is.
public struct JobProgress: Sendable, Hashable, Codable {
    public var pending: Int
    public var running: Int
    public var done: Int
    public var parties: Int
    public var alerts: Int
}

/// The kind of authorisation a licence record holds.
public enum LicenseKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// A BIS licence (Part 750).
    case bisLicense = "bis-license"
    /// A licence exception the company relies on (Part 740), recorded with its conditions.
    case licenseException = "license-exception"
    /// An OFAC general licence.
    case ofacGeneral = "ofac-general"
    /// An OFAC specific licence.
    case ofacSpecific = "ofac-specific"
    /// An internal approval (e.g. for an NLR release the company still gates).
    case internalApproval = "internal"
}

/// A licence or other authorisation: what it covers, for whom, until when, and how much of it is left.
public struct LicenseRecord: Sendable, Hashable, Codable {
    /// The licence number, e.g. `D1234567`.
    public var id: String
    public var kind: LicenseKind
    /// ECCNs with their paragraphs (`3A001.b.3` covers `3A001.b.3.a`), or `EAR99`.
    public var eccns: [String]
    /// ISO 3166 alpha-2 codes (or `UA-43` …) of the destinations it covers.
    public var destinations: [String]
    /// The named consignee and end user, when the licence names them.
    public var consignee: String?
    public var endUser: String?
    /// End uses it allows (empty: the licence sets no end-use limit).
    public var endUses: [String]
    /// The value and quantity it allows in all (nil: no limit).
    public var valueLimit: Double?
    public var quantityLimit: Int?
    /// The first and last day it is valid (`YYYY-MM-DD`).
    public var validFrom: String
    public var validTo: String
    /// Riders and conditions, in words.
    public var conditions: [String]

    public init(
        id: String, kind: LicenseKind, eccns: [String], destinations: [String], consignee: String? = nil, endUser: String? = nil,
        endUses: [String] = [], valueLimit: Double? = nil, quantityLimit: Int? = nil, validFrom: String, validTo: String,
        conditions: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.eccns = eccns
        self.destinations = destinations
        self.consignee = consignee
        self.endUser = endUser
        self.endUses = endUses
        self.valueLimit = valueLimit
        self.quantityLimit = quantityLimit
        self.validFrom = validFrom
        self.validTo = validTo
        self.conditions = conditions
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, eccns, destinations, consignee, conditions
        case endUser = "end_user"
        case endUses = "end_uses"
        case valueLimit = "value_limit"
        case quantityLimit = "quantity_limit"
        case validFrom = "valid_from"
        case validTo = "valid_to"
    }
}

/// A licence as stored, with what has been used of it.
public struct StoredLicense: Sendable, Hashable, Codable {
    public var license: LicenseRecord
    public var valueUsed: Double
    public var quantityUsed: Int
    public var revokedAt: Int64?

    public init(license: LicenseRecord, valueUsed: Double = 0, quantityUsed: Int = 0, revokedAt: Int64? = nil) {
        self.license = license
        self.valueUsed = valueUsed
        self.quantityUsed = quantityUsed
        self.revokedAt = revokedAt
    }

    /// The value left (nil: unlimited).
    public var valueLeft: Double? { license.valueLimit.map { max(0, $0 - valueUsed) } }
    /// The quantity left (nil: unlimited).
    public var quantityLeft: Int? { license.quantityLimit.map { max(0, $0 - quantityUsed) } }

    enum CodingKeys: String, CodingKey {
        case license
        case valueUsed = "value_used"
        case quantityUsed = "quantity_used"
        case revokedAt = "revoked_at"
    }
}

/// A key that signs release tokens, as stored (the private key never leaves the store but to sign).
public struct SigningKeyRecord: Sendable, Hashable {
    /// The key id tokens name (`kid`).
    public var id: String
    /// The Ed25519 private key sealed under the key-encryption key (`kek1:…`), or, in a store written
    /// before sealing and not yet migrated, the clear key in base64.
    public var privateKey: String
    public var createdAt: Int64
    /// When a newer key replaced it (it stays published while tokens it signed may be live).
    public var retiredAt: Int64?
    /// The Ed25519 public key, base64 (nil for a clear key not yet sealed): what is published.
    public var publicKey: String?

    public init(id: String, privateKey: String, createdAt: Int64, retiredAt: Int64? = nil, publicKey: String? = nil) {
        self.id = id
        self.privateKey = privateKey
        self.createdAt = createdAt
        self.retiredAt = retiredAt
        self.publicKey = publicKey
    }
}

/// A controlled artefact (software, source code, model weights, technical data) registered with its classification.
public struct ArtifactRecord: Sendable, Hashable, Codable {
    /// The id gates serve it by, e.g. `model-weights-v3`.
    public var id: String
    /// The ECCN with paragraph, or `EAR99`.
    public var eccn: String
    public var description: String?

    public init(id: String, eccn: String, description: String? = nil) {
        self.id = id
        self.eccn = eccn
        self.description = description
    }
}

/// An answer of the authorisation decision point, as stored for lookup and revocation.
public struct AuthorizationRecord: Sendable, Hashable {
    /// The decision id (`az_…`), the `jti` of its token.
    public var id: String
    /// `PERMIT`, `DENY` or `REVIEW`.
    public var verdict: String
    /// Who it was for: a party id, or `person:NAME`.
    public var subject: String
    /// The stored party, when the subject is one (revocation on a new alert finds tokens by it).
    public var partyID: String?
    public var artifact: String?
    public var item: String
    public var destination: String
    /// The licence a PERMIT drew on.
    public var licenseID: String?
    /// When its token expires (ms since 1970); nil without a token.
    public var expiresAt: Int64?
    /// The whole decision as returned, JSON.
    public var decisionJSON: String
    /// The audit record written with it.
    public var auditSequence: Int64
    public var createdAt: Int64
    public var revokedAt: Int64?
    public var revokedReason: String?

    public init(
        id: String, verdict: String, subject: String, partyID: String?, artifact: String?, item: String, destination: String,
        licenseID: String?, expiresAt: Int64?, decisionJSON: String, auditSequence: Int64 = 0, createdAt: Int64 = 0,
        revokedAt: Int64? = nil, revokedReason: String? = nil
    ) {
        self.id = id
        self.verdict = verdict
        self.subject = subject
        self.partyID = partyID
        self.artifact = artifact
        self.item = item
        self.destination = destination
        self.licenseID = licenseID
        self.expiresAt = expiresAt
        self.decisionJSON = decisionJSON
        self.auditSequence = auditSequence
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.revokedReason = revokedReason
    }
}

/// What a PERMIT takes from a licence.
public struct LicenseDraw: Sendable, Hashable {
    public var licenseID: String
    public var value: Double
    public var quantity: Int

    public init(licenseID: String, value: Double, quantity: Int) {
        self.licenseID = licenseID
        self.value = value
        self.quantity = quantity
    }
}

/// One revoked authorisation in the order revocations happened (the feed gates poll).
public struct RevocationRecord: Sendable, Hashable {
    public var sequence: Int64
    public var authorizationID: String
    public var reason: String
    public var revokedAt: Int64
}
