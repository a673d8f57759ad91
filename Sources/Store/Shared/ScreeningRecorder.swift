/// Records one party's screening inside the caller's transaction: the alert rule, written once for both
/// backends, which supply the reads and run the statements it returns.
///
/// For each candidate: a false positive on the pair suppresses it until either side changes (the stored
/// digests differ from the current ones); an open alert on the pair is refreshed with the new match;
/// otherwise a new alert opens. A party that gets a new alert has its outstanding PERMITs revoked.
struct ScreeningRecorder {
    let party: PartyRecord
    let partyDigest: String
    let time: Int64
    private(set) var outcome = ScreeningOutcome(opened: [], suppressed: 0, alreadyOpen: 0)

    init(party: PartyRecord, at time: Int64) {
        self.party = party
        self.partyDigest = party.digest
        self.time = time
    }

    /// What to write for a candidate.
    enum Write {
        /// Refresh the pair's open alert (no rows returned).
        case refresh(SQLStatement)
        /// Open a new alert (returns its id).
        case open(SQLStatement)
    }

    /// The suppression of the pair: `party_digest, entity_digest`, at most one row.
    func suppression(_ candidate: AlertCandidate) -> SQLStatement {
        SQLStatement(
            "SELECT party_digest, entity_digest FROM suppressions WHERE party_id = ? AND entity_id = ?", party.id, candidate.entityID)
    }

    /// The pair's open alert: its `id`, at most one row.
    func openAlert(_ candidate: AlertCandidate) -> SQLStatement {
        SQLStatement("SELECT id FROM alerts WHERE party_id = ? AND entity_id = ? AND status = 'open'", party.id, candidate.entityID)
    }

    /// The write for `candidate` given the pair's stored state; nil when the pair is suppressed.
    mutating func write(
        _ candidate: AlertCandidate, suppression: (partyDigest: String, entityDigest: String)?, openAlert: Int64?
    ) -> Write? {
        if let suppression, suppression.partyDigest == partyDigest, suppression.entityDigest == candidate.entityDigest {
            outcome.suppressed += 1
            return nil
        }
        if let openAlert {
            outcome.alreadyOpen += 1
            return .refresh(
                SQLStatement(
                    "UPDATE alerts SET score = ?, match_json = ?, list_version = ?, party_digest = ?, entity_digest = ? WHERE id = ?",
                    candidate.score, candidate.matchJSON, candidate.listVersion, partyDigest, candidate.entityDigest, openAlert))
        }
        return .open(
            SQLStatement(
                """
                INSERT INTO alerts (party_id, entity_id, source, list_version, score, status, match_json, party_digest,
                    entity_digest, opened_at)
                VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
                RETURNING id
                """,
                party.id, candidate.entityID, candidate.source, candidate.listVersion, candidate.score, candidate.matchJSON,
                partyDigest, candidate.entityDigest, time))
    }

    /// Notes an alert the last `.open` write opened.
    mutating func opened(_ alert: AlertRecord) {
        outcome.opened.append(alert)
    }

    /// The revocation the recorded screening causes: the party's PERMITs when it got a new alert.
    var sweep: AuthorizationSweep? {
        outcome.opened.first.map {
            AuthorizationSweep(.party(party.id), reason: "party \(party.id) has a new alert (\($0.id)) on \($0.entityID) awaiting review")
        }
    }
}
