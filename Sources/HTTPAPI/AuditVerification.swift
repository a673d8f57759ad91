import Audit
import Store

/// The answer of `GET /v1/audit/verify`: the chain walk (the original fields), and how its end agrees
/// with the head row and the signed checkpoints.
struct AuditVerificationView: Codable, Hashable, Sendable {
    var intact: Bool
    var checked: Int
    var headHash: String
    var firstBadSequence: Int64?
    var problem: String?
    var chainEnd: Int64
    var headSequence: Int64?
    var checkpointsChecked: Int
    var lastCheckpoint: Checkpoint?
    var missingFrom: Int64?
    var missingThrough: Int64?
    var problems: [String]

    /// A checkpoint as the answer shows it.
    struct Checkpoint: Codable, Hashable, Sendable {
        var sequence: Int64
        var headHash: String
        var signedAt: String
        var keyID: String

        enum CodingKeys: String, CodingKey {
            case sequence
            case headHash = "head_hash"
            case signedAt = "signed_at"
            case keyID = "key_id"
        }
    }

    init(_ report: AuditAnchorReport) {
        intact = report.isIntact
        checked = report.chain.checked
        headHash = report.chain.headHash
        firstBadSequence = report.chain.firstBreak?.sequence ?? report.missing?.lowerBound
        problem = report.firstProblem
        chainEnd = report.chainEnd
        headSequence = report.head?.sequence
        checkpointsChecked = report.checkpointsChecked
        lastCheckpoint = report.lastCheckpoint.map {
            Checkpoint(sequence: $0.sequence, headHash: $0.headHash, signedAt: AuditCheckpoint.utc($0.signedAt), keyID: $0.keyID)
        }
        missingFrom = report.missing?.lowerBound
        missingThrough = report.missing?.upperBound
        problems = (report.chain.firstBreak.map { [$0.description] } ?? []) + report.problems.map(\.description)
    }

    enum CodingKeys: String, CodingKey {
        case intact, checked, problem, problems
        case headHash = "head_hash"
        case firstBadSequence = "first_bad_sequence"
        case chainEnd = "chain_end"
        case headSequence = "head_sequence"
        case checkpointsChecked = "checkpoints_checked"
        case lastCheckpoint = "last_checkpoint"
        case missingFrom = "missing_from"
        case missingThrough = "missing_through"
    }
}
