import Audit
import Determination
import Foundation
import Metrics
import Screening
import Store

/// The compliance operations a team runs, over one store: screening, determination, parties and
/// their alerts, decisions, keys, and the audit chain every deciding action extends.
///
/// The HTTP service and the command line both call these; each action's audit record is written in
/// the same transaction as its effect.
public struct ComplianceService: Sendable {
    public let store: any Store
    public let determiner: Determiner
    /// The duty calculator and transfer checker behind `POST /v1/duty` and `POST /v1/transfer`.
    public let trade: TradeCheckers
    /// The alert threshold for stored parties.
    public let threshold: Double
    /// The list formats by source, for importing new versions.
    public let manifest: ListManifest?
    /// The audience written into release tokens (the gates' name).
    public let audience: String
    /// The tariff-exclusion process over the same store (replace it to inject a clock or an HTS-10 catalogue).
    public var exclusions: ExclusionService
    /// The largest share (0…1) of a source's active entities a new list version may remove unless the
    /// import is forced; a version removing more is refused and the refusal audited.
    public var listRemovalLimit = ComplianceService.defaultListRemovalLimit
    /// The age past which a list counts as stale in screening answers and `GET /v1/lists` (`ListFreshness`).
    public var listStaleAfter = ComplianceService.defaultListStaleAfter
    let freshnessBoard = ListFreshnessBoard()
    let lists: ActiveLists
    let signing: ReleaseSigning
    /// Where the key-encryption key comes from: signing release tokens and audit checkpoints needs it.
    public var keyEncryptionKey: KeyEncryptionKey.Provider { signing.keyEncryptionKey }

    /// The screener over the active list versions (a new one after every import).
    public var screener: Screener { lists.current.screener }
    /// The party screener over the active list versions.
    public var parties: PartyScreener { lists.current.parties }
    /// The list versions screening uses, e.g. `ofac-sdn 2023-12-28 1f79b1de; un 2026-02-27 …`.
    public var listVersions: String { lists.current.versions }

    /// A service over `store` screening with `lists` as given (the store's list versions are not consulted);
    /// exclusion requests are checked against the tariff schedule's statistical numbers by `isKnownHTS10`.
    public init(
        store: any Store, lists: [ParsedList], determiner: Determiner, threshold: Double = ScreeningOptions.defaultThreshold,
        manifest: ListManifest? = nil, audience: String = ComplianceService.defaultAudience,
        isKnownHTS10: @escaping @Sendable (String) -> Bool, trade: TradeCheckers,
        keyEncryptionKey: KeyEncryptionKey.Provider = .environment
    ) {
        self.init(
            store: store, lists: lists, index: nil, determiner: determiner, threshold: threshold, manifest: manifest, audience: audience,
            isKnownHTS10: isKnownHTS10, trade: trade, keyEncryptionKey: keyEncryptionKey)
    }

    /// As the public initialiser; `index`, when given, is the index already built over exactly `lists`.
    init(
        store: any Store, lists: [ParsedList], index: ScreeningIndex?, determiner: Determiner, threshold: Double,
        manifest: ListManifest?, audience: String, isKnownHTS10: @escaping @Sendable (String) -> Bool, trade: TradeCheckers,
        keyEncryptionKey: KeyEncryptionKey.Provider
    ) {
        self.signing = ReleaseSigning(keyEncryptionKey: keyEncryptionKey)
        self.trade = trade
        self.store = store
        self.audience = audience
        self.determiner = determiner
        self.threshold = threshold
        self.manifest = manifest
        self.lists = ActiveLists(lists: lists, index: index)
        self.exclusions = ExclusionService(store: store, isKnownHTS10: isKnownHTS10)
    }

    /// A service screening with the store's active list versions; sources the store has no version of
    /// are imported from `bundled` first (audited as `lists.import` by `system`, with a re-screening job
    /// for the parties already stored).
    ///
    /// With `indexCache`, the index over the stored lists is read from a snapshot kept under a digest of every
    /// active version and the exact stored bytes of its entities (any change to them builds a new one), so a
    /// process opening an unchanged store does not parse every entity and rebuild the index.
    public static func open(
        store: any Store, bundled: [ParsedList], determiner: Determiner, manifest: ListManifest?,
        threshold: Double = ScreeningOptions.defaultThreshold, audience: String = ComplianceService.defaultAudience,
        isKnownHTS10: @escaping @Sendable (String) -> Bool, trade: TradeCheckers,
        keyEncryptionKey: KeyEncryptionKey.Provider = .environment, indexCache: IndexCache? = nil
    ) async throws -> ComplianceService {
        var active = try await store.activeListVersions()
        for list in bundled where !active.contains(where: { $0.source == list.metadata.source }) {
            try await importInitialVersion(list, store: store)
        }
        active = try await store.activeListVersions()
        var stored: [(version: ListVersionRecord, entities: [StoredEntity])] = []
        for version in active {
            stored.append((version, try await store.entities(versionID: version.id)))
        }
        let decode = { () throws(RecordError) -> [ParsedList] in
            try stored.map { version, entities throws(RecordError) in
                ParsedList(
                    metadata: ListMetadata(
                        source: version.source, name: version.name, published: version.published, sha256: version.sha256,
                        partial: version.partial),
                    entities: try entities.map { entity throws(RecordError) in try EntityCoding.entity(entity, versionID: version.id) })
            }
        }
        let lists: [ParsedList]
        let index: ScreeningIndex?
        if let indexCache {
            (lists, index, _) = try indexCache.load(storedListsFingerprint: EntityCoding.fingerprint(stored), build: decode)
        } else {
            (lists, index) = (try decode(), nil)
        }
        return ComplianceService(
            store: store, lists: lists, index: index, determiner: determiner, threshold: threshold, manifest: manifest,
            audience: audience, isKnownHTS10: isKnownHTS10, trade: trade, keyEncryptionKey: keyEncryptionKey)
    }

    // MARK: - Keys

    /// Creates an API key with `role`; returns the secret, which is shown once and stored only as a hash.
    public func createKey(role: Role, actor: String) async throws(StoreError) -> (secret: String, key: APIKeyRecord) {
        let made = Self.makeKey(role: role)
        _ = try await store.createKey(made.key, audit: Self.keyCreation(made.key, actor: actor))
        return made
    }

    /// A new key: a random secret (`clr_…`) and the record that stores only its SHA-256.
    public static func makeKey(role: Role) -> (secret: String, key: APIKeyRecord) {
        let secret = "clr_" + randomHex(bytes: 24)
        return (secret, APIKeyRecord(id: "key_" + randomHex(bytes: 6), secretHash: hash(secret), role: role, createdAt: StoreClock.milliseconds()))
    }

    /// The audit record of a key's creation (never the secret).
    public static func keyCreation(_ key: APIKeyRecord, actor: String) -> AuditDraft {
        AuditDraft(
            actor: actor, action: "key.create", input: Data("\(key.id) \(key.role.rawValue)".utf8),
            result: "created \(key.id) (\(key.role.rawValue))", versions: "")
    }

    /// The key a bearer secret belongs to.
    public func authenticate(secret: String) async throws(StoreError) -> APIKeyRecord? {
        try await store.key(secretHash: Self.hash(secret))
    }

    // MARK: - Screening and determination

    /// Screens queries, audits the action once, and returns the screening id (the audit record's sequence).
    public func screen(_ queries: [ScreeningQuery], options: ScreeningOptions, actor: String, input: Data)
        async throws(StoreError) -> (screeningID: Int64, matches: [[Match]])
    {
        let state = lists.current
        let results = state.sessions.screen(queries, options: options)
        let hits = results.map(\.count).reduce(0, +)
        let top = results.compactMap(\.first).max { $0.score < $1.score }
        let summary = "\(queries.count) \(queries.count == 1 ? "query" : "queries"), \(hits) matches"
            + (top.map { "; top \($0.entityID) \(String(format: "%.3f", $0.score))" } ?? "")
        let record = try await store.appendAudit(
            AuditDraft(actor: actor, action: "screen", input: input, result: summary, versions: state.versions))
        Counter(label: "clearance_screenings_total").increment(by: queries.count)
        Counter(label: "clearance_screening_matches_total").increment(by: hits)
        return (record.sequence, results)
    }

    /// Determines a transaction (screening its parties), audits it, and returns the audit sequence as its id.
    public func determine(_ input: Determiner.Input, parties names: [String], actor: String, body: Data)
        async throws -> (determinationID: Int64, determination: Determination)
    {
        let screenings = names.map { parties.screen($0) }
        let request = try determiner.request(from: input, parties: screenings)
        let answer = try determiner.determine(request)
        let required = answer.findings.filter { $0.outcome >= .needsReview }.map { "\($0.prohibition ?? "") \($0.reason)" }
        let record = try await store.appendAudit(
            AuditDraft(
                actor: actor, action: "determine", input: body,
                result: "\(answer.outcome.rawValue) \(answer.item) to \(answer.destination)"
                    + (required.isEmpty ? "" : ": " + required.joined(separator: ", ")),
                versions: answer.dataVersion + (names.isEmpty ? "" : "; " + listVersions)))
        return (record.sequence, answer)
    }

    // MARK: - List versions (importing and re-screening: ComplianceService+Lists.swift)

    /// `host:pid`, how workers name themselves in chunks and audit records.
    public static func workerName() -> String {
        "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"
    }

    // MARK: - Cases

    /// Decides an open alert; the decision and its reason go into the audit chain.
    public func decide(alertID: Int64, decision: Decision, reason: String, actor: String) async throws(StoreError) -> AlertRecord {
        try await store.decide(
            alertID: alertID, decision: decision, reason: reason, actor: actor,
            audit: Self.decisionRecord(alertID: alertID, decision: decision, reason: reason, actor: actor, versions: listVersions))
    }

    /// The audit record of a case decision.
    public static func decisionRecord(alertID: Int64, decision: Decision, reason: String, actor: String, versions: String)
        -> AuditDraft
    {
        AuditDraft(
            actor: actor, action: "case.decide", input: Data("\(alertID) \(decision.rawValue) \(reason)".utf8),
            result: "alert \(alertID): \(decision.rawValue)", versions: versions)
    }

    /// The audit record of a licence being recorded; `input` is the request as received.
    public static func licenseRecord(_ license: LicenseRecord, actor: String, input: Data) -> AuditDraft {
        AuditDraft(
            actor: actor, action: "license.add", input: input,
            result: "licence \(license.id) (\(license.kind.rawValue)) for \(license.eccns.joined(separator: ", ")) to "
                + license.destinations.joined(separator: ", "),
            versions: "")
    }

    // MARK: - Helpers

    static func hash(_ secret: String) -> String {
        AuditRecord.digest(Data(secret.utf8))
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        var text = ""
        text.reserveCapacity(count * 2)
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return text
    }
}

/// A screener with its entities indexed by id, so alert candidates can carry the entity's digest.
struct ScreeningTarget: Sendable {
    let screener: Screener
    let entityIndex: [String: Int]

    init(_ screener: Screener) {
        self.screener = screener
        var index: [String: Int] = [:]
        for (position, entity) in screener.index.entities.enumerated() { index[entity.id] = position }
        self.entityIndex = index
    }

    init(_ state: ActiveLists.State) {
        self.screener = state.screener
        self.entityIndex = state.entityIndex
    }
}

/// Why a list file cannot be imported.
public struct ListImportError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Fixed slots written by parallel workers, one slot per index.
final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    // Safe: the buffer never moves, every index is written by exactly one worker of `concurrentPerform`,
    // and `values` is read only after `concurrentPerform` returns.
    private let buffer: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { buffer[index] }
        set { buffer[index] = newValue }
    }

    var values: [Value] { buffer.compactMap { $0 } }
}
