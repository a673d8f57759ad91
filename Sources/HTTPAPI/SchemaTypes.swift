import Audit
import Foundation
import OpenAPIRuntime
import Operations
import Screening
import Store
import TariffExclusions

// The Swift types `openapi-generator-config.yaml` maps response schemas onto: the domain's own `Codable` records,
// so a response is encoded once, as the CLI's JSON is. The document describes each; schemathesis's response checks
// (scripts/test) hold the two together.

/// `#/components/schemas/ListUpdateReport`.
typealias ListUpdateReportJSON = ComplianceService.ListUpdateReport
/// `#/components/schemas/ImportReport`.
typealias ImportReportJSON = ComplianceService.ImportReport
/// `#/components/schemas/Party`.
typealias PartyJSON = PartyRecord
/// `#/components/schemas/Alert`.
typealias AlertJSON = AlertRecord
/// `#/components/schemas/AuditRecord`.
typealias AuditRecordJSON = Audit.AuditRecord
/// `#/components/schemas/StoredLicense`.
typealias StoredLicenseJSON = StoredLicense
/// `#/components/schemas/Artifact`.
typealias ArtifactJSON = ArtifactRecord
/// `#/components/schemas/MonitorVerdict`.
typealias MonitorVerdictJSON = VerdictRow
/// `#/components/schemas/ExclusionView`.
typealias ExclusionViewJSON = ExclusionView

/// `#/components/schemas/ScreeningResult`: the CLI's `screen --format json` object, plus the screening id.
struct ScreeningAnswer: Codable, Hashable, Sendable {
    var screeningID: Int64
    var query: ScreeningQuery
    var threshold: Double
    var matches: [Match]
    var lists: [ListMetadataJSON]

    enum CodingKeys: String, CodingKey {
        case query, threshold, matches, lists
        case screeningID = "screening_id"
    }
}

/// `#/components/schemas/BatchScreeningResult`.
struct BatchScreeningAnswer: Codable, Hashable, Sendable {
    /// One query and its matches.
    struct Result: Codable, Hashable, Sendable {
        var query: ScreeningQuery
        var matches: [Match]
    }

    var screeningID: Int64
    var results: [Result]

    enum CodingKeys: String, CodingKey {
        case results
        case screeningID = "screening_id"
    }
}

/// `#/components/schemas/PartyView`: a party and its alerts.
struct PartyDetails: Codable, Hashable, Sendable {
    var party: PartyRecord
    var alerts: [AlertRecord]
}

/// `#/components/schemas/ExclusionList`.
struct ExclusionListing: Encodable, Hashable, Sendable {
    var exclusions: [ExclusionView]
}

/// `#/components/schemas/ConsistencyReport`.
struct ConsistencyListing: Codable, Hashable, Sendable {
    var threshold: Double
    var pairs: [ConsistencyPair]
}

/// `#/components/schemas/StoredAuthorization`: the decision as it was answered, and its revocation or `null`.
struct StoredAuthorizationJSON: Codable, Hashable, Sendable {
    /// When and why the decision was revoked.
    struct Revocation: Codable, Hashable, Sendable {
        var at: Int64
        var reason: String
    }

    var decision: OpenAPIObjectContainer
    var revoked: Revocation?

    enum CodingKeys: String, CodingKey {
        case decision, revoked
    }

    init(decision: OpenAPIObjectContainer, revoked: Revocation?) {
        self.decision = decision
        self.revoked = revoked
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(decision, forKey: .decision)
        try container.encode(revoked, forKey: .revoked)
    }
}
