import Audit
import TariffExclusions

/// Everything Clearance keeps: API keys, parties, alerts and decisions, and the audit chain.
///
/// Two implementations with one schema: `SQLiteStore` (one file, the default) and `PostgresStore`.
/// Every write appends its audit record in the same transaction, so no state change is ever kept
/// without its record, and no record without its change.
///
/// The store persists and decides nothing: what an action does is decided above it (Operations, the
/// engines) and handed down as values (`AlertDecisionRecord`, `AuthorizationSweep`, `ListVersionSwitch`).
/// What must be checked inside the transaction (the atomic draw-down, the revocation sweep, the
/// screening's suppression rule) is written once for both dialects, in `Shared/`, as statements both
/// backends run (`SQLStatement`).
public protocol Store: Sendable {
    /// Creates or upgrades the schema (idempotent).
    func migrate() async throws(StoreError)

    /// Stores a new API key and audits its creation.
    func createKey(_ key: APIKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditRecord
    /// The unrevoked key whose secret hashes to `secretHash` (a revoked key is never returned).
    func key(secretHash: String) async throws(StoreError) -> APIKeyRecord?
    /// Revokes an API key at once (it stops authenticating in every process), audited; returns the key.
    /// `notFound` without it, `conflict` if already revoked.
    func revokeAPIKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> APIKeyRecord

    /// The stored digest of each of these parties that exists (by id).
    func partyDigests(ids: [String]) async throws(StoreError) -> [String: String]
    /// Stores parties with their screenings in one transaction: inserts or updates each party, records its
    /// alerts as `recordScreenings` does, and appends one audit record. A party is never stored without
    /// its screening, so an interrupted import leaves each party either as it was or stored and screened.
    func importParties(_ screenings: [PartyScreeningResult], audit: AuditDraft) async throws(StoreError)
        -> [ScreeningOutcome]
    /// The party with `id`.
    func party(id: String) async throws(StoreError) -> PartyRecord?
    /// How many parties are stored.
    func partyCount() async throws(StoreError) -> Int

    /// Records the screening of parties in one transaction: opens alerts for candidates not suppressed,
    /// revokes the outstanding PERMITs of every party that got a new alert, and appends one audit
    /// record for the whole batch.
    func recordScreenings(_ screenings: [PartyScreeningResult], audit: AuditDraft) async throws(StoreError)
        -> [ScreeningOutcome]
    /// Alerts with `status` (all when nil), oldest first, at most `limit`.
    func alerts(status: AlertStatus?, limit: Int) async throws(StoreError) -> [AlertRecord]
    /// Every alert of a party, oldest first.
    func alerts(partyID: String) async throws(StoreError) -> [AlertRecord]
    /// The alert with `id`.
    func alert(id: Int64) async throws(StoreError) -> AlertRecord?
    /// Records a case decision with its effects (the pair's suppression, the sweep of the party's
    /// authorisations) and its audit record in one transaction; returns the alert as decided. `notFound`
    /// without the alert, `conflict` (nothing written) when it is no longer in `decision.from`. What a
    /// decision does is decided above the store (Operations' `AlertTransition`; call `decide` there).
    func recordAlertDecision(_ decision: AlertDecisionRecord, audit: AuditDraft) async throws(StoreError) -> AlertRecord

    /// Switches a source to a new list version in one transaction: stores the version, makes it active in
    /// place of `change.replacing`, closes the open alerts on `change.removed` (as delisted), queues the
    /// re-screening job of every stored party when `change.rescreenChunkSize` is given, and audits it.
    /// An interrupted import leaves the previous version active and no job; `conflict` (nothing written)
    /// when the active version is no longer `change.replacing`.
    func importListVersion(_ change: ListVersionSwitch, audit: AuditDraft) async throws(StoreError) -> ListVersionSwitched
    /// The active version of every source.
    func activeListVersions() async throws(StoreError) -> [ListVersionRecord]
    /// The entities of a list version.
    func entities(versionID: Int64) async throws(StoreError) -> [StoredEntity]
    /// Parties in id order after `id`, at most `limit` (for re-screening page by page).
    func parties(after id: String, limit: Int) async throws(StoreError) -> [PartyRecord]

    /// Claims the next pending chunk (or one a worker left running longer than `staleAfter` ms), for `worker`.
    ///
    /// PostgreSQL claims with `SELECT … FOR UPDATE SKIP LOCKED`, so concurrent workers never get the same chunk.
    func claimChunk(worker: String, staleAfter: Int64) async throws(StoreError) -> RescreenChunk?
    /// Records a chunk's screenings, marks it done and audits it, in one transaction; fails with
    /// `conflict` if the chunk is no longer this worker's (it was reclaimed).
    func completeChunk(_ chunk: RescreenChunk, screenings: [PartyScreeningResult], parties: Int, audit: AuditDraft)
        async throws(StoreError) -> [ScreeningOutcome]
    /// The parties of a chunk.
    func parties(from first: String, through last: String) async throws(StoreError) -> [PartyRecord]
    /// How far a job is.
    func progress(jobID: Int64) async throws(StoreError) -> JobProgress

    /// Stores a new licence and audits it; `conflict` if the number exists.
    func addLicense(_ license: LicenseRecord, audit: AuditDraft) async throws(StoreError)
    /// The licence with `id`.
    func license(id: String) async throws(StoreError) -> StoredLicense?
    /// Every licence, by number.
    func licenses() async throws(StoreError) -> [StoredLicense]
    /// Draws `value` and `quantity` from a licence in one atomic step, and audits it; `conflict` when the
    /// licence is revoked or the draw would exceed what is left (concurrent draws can never overdraw it).
    func useLicense(id: String, value: Double, quantity: Int, reference: String, audit: AuditDraft) async throws(StoreError)
        -> StoredLicense

    /// Marks a licence revoked and applies `sweep` (the authorisations the revocation touches, as decided
    /// above the store: Operations' `revokeLicense`), in one audited transaction; returns the licence,
    /// now revoked, and how many authorisations were revoked. `notFound` without it, `conflict` (nothing
    /// written) when it is already revoked.
    func recordLicenseRevocation(id: String, sweep: AuthorizationSweep?, audit: AuditDraft) async throws(StoreError)
        -> (license: StoredLicense, revoked: Int)

    /// The signing keys not revoked, oldest first (a revoked key is never published nor used).
    func signingKeys() async throws(StoreError) -> [SigningKeyRecord]
    /// Adds a signing key and retires every other active one (rotation), audited.
    func addSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError)
    /// Revokes a signing key at once: it is retired, leaves the published set and never signs again,
    /// audited; returns whether it was the active key. `notFound` without it, `conflict` if already revoked.
    func revokeSigningKey(id: String, reason: String, audit: AuditDraft) async throws(StoreError) -> Bool
    /// Adds `key` only when no signing key is active, in one step under the store's lock (and a unique
    /// index on active keys), audited; returns the active key: `key`, or the one a concurrent caller added.
    func addFirstSigningKey(_ key: SigningKeyRecord, audit: AuditDraft) async throws(StoreError) -> SigningKeyRecord
    /// Replaces clear private keys by their sealed forms, each only while its row still holds that clear
    /// key, and audits it when any changed; returns how many changed.
    func sealSigningKeys(_ keys: [SealedSigningKey], audit: AuditDraft) async throws(StoreError) -> Int

    /// Registers artefacts (replacing the classification of ids already registered), audited.
    func registerArtifacts(_ artifacts: [ArtifactRecord], audit: AuditDraft) async throws(StoreError)
    /// The artefact with `id`.
    func artifact(id: String) async throws(StoreError) -> ArtifactRecord?
    /// Every artefact, by id.
    func artifacts() async throws(StoreError) -> [ArtifactRecord]

    /// Records an authorisation with its audit record, and for a PERMIT on a licence its draw, in one
    /// transaction; `conflict` (and nothing written) when the licence cannot cover the draw.
    func recordAuthorization(_ authorization: AuthorizationRecord, draw: LicenseDraw?, audit: AuditDraft) async throws(StoreError)
        -> (record: AuditRecord, license: StoredLicense?)
    /// The authorisation with `id`.
    func authorization(id: String) async throws(StoreError) -> AuthorizationRecord?
    /// Revocations after `sequence`, in order, at most `limit`.
    func revocations(after sequence: Int64, limit: Int) async throws(StoreError) -> [RevocationRecord]

    /// Stores a new exclusion request and audits it; `conflict` if the id exists.
    func createExclusionRequest(_ request: ExclusionRequest, audit: AuditDraft) async throws(StoreError)
    /// Adds a comment or rebuttal to a request's docket and audits it; `notFound` without the request,
    /// `conflict` when the request is decided or a rebuttal's comment is not on it (nothing written then).
    func addExclusionComment(_ comment: ExclusionComment, audit: AuditDraft) async throws(StoreError)
    /// Records a decision with its consistency links and audits it; `conflict` if the request is already
    /// decided, or if the decided requests on its HTS-10 are no longer `checkedAgainst` (the ones the
    /// consistency check compared it with: another decision landed meanwhile, so check again).
    func recordExclusionDecision(_ decision: ExclusionDecision, checkedAgainst earlier: Set<String>, audit: AuditDraft)
        async throws(StoreError)
    /// Records an extension and audits it; `conflict` unless the request is granted and still ends on
    /// the extension's `previousEffectiveTo` (so two extensions made at once cannot both apply).
    func extendExclusion(_ extended: ExclusionExtension, audit: AuditDraft) async throws(StoreError)
    /// The requests in `scope`, oldest first, each with its comments, decision and extensions.
    func exclusionDockets(in scope: ExclusionDocketScope) async throws(StoreError) -> [ExclusionDocket]

    /// Appends one audit record (for actions that change nothing else, such as a screening over the API).
    func appendAudit(_ draft: AuditDraft) async throws(StoreError) -> AuditRecord
    /// Appends several audit records in one transaction, in order (a gate's batch of releases and refusals).
    func appendAudits(_ drafts: [AuditDraft]) async throws(StoreError)
    /// Appends the audit records of a gate's spooled events in one transaction, in order, skipping events
    /// already recorded (by id), so a replayed spool never records one twice; returns how many were new.
    func recordGateEvents(_ events: [GateEventDraft]) async throws(StoreError) -> Int
    /// Audit records after `sequence`, in order, at most `limit`.
    func auditRecords(after sequence: Int64, limit: Int) async throws(StoreError) -> [AuditRecord]
    /// The chain head row (moved by every append in its transaction); nil when someone removed it.
    func auditHead() async throws(StoreError) -> AuditHead?
    /// The keys that sign audit checkpoints, oldest first.
    func auditKeys() async throws(StoreError) -> [AuditKeyRecord]
    /// Adds `key` only when no audit key is active, in one step under the store's lock, audited; returns the active key.
    func addFirstAuditKey(_ key: AuditKeyRecord, audit: AuditDraft) async throws(StoreError) -> AuditKeyRecord
    /// Stores a signed checkpoint (not itself audited: it states the head without moving it).
    func addAuditCheckpoint(_ checkpoint: AuditCheckpoint) async throws(StoreError)
    /// Every stored checkpoint by sequence, each with the public key of the audit key it names (empty when none).
    func auditCheckpoints() async throws(StoreError) -> [AuditCheckpoint]
    /// The checkpoint with the highest sequence (the latest made at it), or nil.
    func lastAuditCheckpoint() async throws(StoreError) -> AuditCheckpoint?
}

/// One party and the list entities it matched, ready to record.
public struct PartyScreeningResult: Sendable, Hashable {
    public var party: PartyRecord
    public var candidates: [AlertCandidate]

    public init(party: PartyRecord, candidates: [AlertCandidate]) {
        self.party = party
        self.candidates = candidates
    }
}

extension Store {
    /// Records the screening of one party (see `recordScreenings`).
    public func recordScreening(party: PartyRecord, candidates: [AlertCandidate], audit: AuditDraft)
        async throws(StoreError) -> ScreeningOutcome
    {
        try await recordScreenings([PartyScreeningResult(party: party, candidates: candidates)], audit: audit)[0]
    }

    /// The request with `id` and its comments, decision and extensions.
    public func exclusionDocket(id: String) async throws(StoreError) -> ExclusionDocket? {
        try await exclusionDockets(in: .id(id)).first
    }

    /// Every request (only those on `hts10` when given, its 10-digit key), oldest first, with their dockets.
    public func exclusionDockets(hts10: String?) async throws(StoreError) -> [ExclusionDocket] {
        try await exclusionDockets(in: hts10.map { .hts10($0) } ?? .all)
    }

    /// The decided requests on `hts10` (its 10-digit key), oldest first: what the consistency check compares.
    public func decidedExclusions(hts10: String) async throws(StoreError) -> [ExclusionDocket] {
        try await exclusionDockets(in: .decided(hts10: hts10))
    }

    /// Recomputes the whole chain, page by page, and names the first bad record.
    public func verifyAudit(pageSize: Int = 10_000) async throws(StoreError) -> AuditChain.Report {
        var report = AuditChain.verify([AuditRecord]())
        var after: Int64 = 0
        while true {
            let page = try await auditRecords(after: after, limit: pageSize)
            guard let last = page.last else { return report }
            report = AuditChain.verify(page, continuing: report)
            if report.firstBreak != nil { return report }
            after = last.sequence
        }
    }
}
