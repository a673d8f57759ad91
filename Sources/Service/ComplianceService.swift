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
        self.signing = ReleaseSigning(keyEncryptionKey: keyEncryptionKey)
        self.trade = trade
        self.store = store
        self.audience = audience
        self.determiner = determiner
        self.threshold = threshold
        self.manifest = manifest
        self.lists = ActiveLists(lists: lists)
        self.exclusions = ExclusionService(store: store, isKnownHTS10: isKnownHTS10)
    }

    /// A service screening with the store's active list versions; sources the store has no version of
    /// are imported from `bundled` first (audited as `lists.import` by `system`).
    public static func open(
        store: any Store, bundled: [ParsedList], determiner: Determiner, manifest: ListManifest?,
        threshold: Double = ScreeningOptions.defaultThreshold, audience: String = ComplianceService.defaultAudience,
        isKnownHTS10: @escaping @Sendable (String) -> Bool, trade: TradeCheckers,
        keyEncryptionKey: KeyEncryptionKey.Provider = .environment
    ) async throws -> ComplianceService {
        var active = try await store.activeListVersions()
        for list in bundled where !active.contains(where: { $0.source == list.metadata.source }) {
            _ = try await store.importListVersion(
                Self.version(list),
                audit: AuditDraft(
                    actor: "system", action: "lists.import", inputDigest: list.metadata.sha256,
                    result: "\(list.metadata.source): initial version, \(list.entities.count) entities",
                    versions: "\(list.metadata.source) \(list.metadata.published ?? "undated") \(list.metadata.sha256.prefix(8))"))
        }
        active = try await store.activeListVersions()
        var lists: [ParsedList] = []
        for version in active {
            let entities = try await store.entities(versionID: version.id).map(EntityCoding.entity)
            lists.append(
                ParsedList(
                    metadata: ListMetadata(
                        source: version.source, name: version.name, published: version.published, sha256: version.sha256,
                        partial: version.partial),
                    entities: entities))
        }
        return ComplianceService(
            store: store, lists: lists, determiner: determiner, threshold: threshold, manifest: manifest, audience: audience,
            isKnownHTS10: isKnownHTS10, trade: trade, keyEncryptionKey: keyEncryptionKey)
    }

    static func version(_ list: ParsedList) -> NewListVersion {
        NewListVersion(
            source: list.metadata.source, name: list.metadata.name, published: list.metadata.published,
            sha256: list.metadata.sha256, partial: list.metadata.partial, entities: list.entities.map(EntityCoding.stored))
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
        var session = screener.makeSession()
        let results = queries.map { session.screen($0, options: options) }
        let hits = results.map(\.count).reduce(0, +)
        let top = results.compactMap(\.first).max { $0.score < $1.score }
        let summary = "\(queries.count) \(queries.count == 1 ? "query" : "queries"), \(hits) matches"
            + (top.map { "; top \($0.entityID) \(String(format: "%.3f", $0.score))" } ?? "")
        let record = try await store.appendAudit(
            AuditDraft(actor: actor, action: "screen", input: input, result: summary, versions: listVersions))
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

    // MARK: - Parties

    /// What importing parties did.
    public struct ImportReport: Sendable, Hashable, Codable {
        public var received = 0
        public var inserted = 0
        public var changed = 0
        public var unchanged = 0
        /// Parties screened (new and changed ones).
        public var screened = 0
        public var alertsOpened = 0
        public var suppressed = 0

        enum CodingKeys: String, CodingKey {
            case received, inserted, changed, unchanged, screened, suppressed
            case alertsOpened = "alerts_opened"
        }
    }

    /// Stores parties, screens the new and changed ones on every core, and records their alerts.
    ///
    /// Work goes in chunks of `chunkSize`: each chunk is one store transaction with one audit record.
    public func importParties(_ records: [PartyRecord], actor: String, chunkSize: Int = 5_000) async throws(StoreError)
        -> ImportReport
    {
        var report = ImportReport()
        report.received = records.count
        var start = 0
        while start < records.count {
            let chunk = Array(records[start..<min(start + chunkSize, records.count)])
            start += chunk.count
            let changes = try await store.upsertParties(chunk)
            var toScreen: [PartyRecord] = []
            for (party, change) in zip(chunk, changes) {
                switch change {
                case .inserted: report.inserted += 1; toScreen.append(party)
                case .changed: report.changed += 1; toScreen.append(party)
                case .unchanged: report.unchanged += 1
                }
            }
            guard !toScreen.isEmpty else { continue }
            let results = screenParties(toScreen)
            let opened = try await store.recordScreenings(
                results,
                audit: AuditDraft(
                    actor: actor, action: "parties.import",
                    input: Data(toScreen.map { "\($0.id)\u{1F}\($0.digest)" }.joined(separator: "\n").utf8),
                    result: "\(chunk.count) received, \(toScreen.count) screened, "
                        + "\(results.map(\.candidates.count).reduce(0, +)) candidates",
                    versions: listVersions))
            report.screened += toScreen.count
            report.alertsOpened += opened.map(\.opened.count).reduce(0, +)
            report.suppressed += opened.map(\.suppressed).reduce(0, +)
            Counter(label: "clearance_parties_screened_total").increment(by: toScreen.count)
            Counter(label: "clearance_alerts_opened_total").increment(by: opened.map(\.opened.count).reduce(0, +))
        }
        return report
    }

    /// Screens parties in parallel with `screener`, keeping matches at or above the threshold as alert candidates.
    ///
    /// Without `target`, the active lists (whose entity index is kept beside their screener).
    func screenParties(_ parties: [PartyRecord], with target: ScreeningTarget? = nil) -> [PartyScreeningResult] {
        let target = target ?? ScreeningTarget(lists.current)
        let screener = target.screener
        let entities = screener.index.entities
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = ResultSlots<PartyScreeningResult>(count: parties.count)
        let options = ScreeningOptions(threshold: threshold, limit: 10)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var session = screener.makeSession()
            for index in stride(from: worker, to: parties.count, by: workers) {
                let party = parties[index]
                let query = ScreeningQuery(
                    name: party.name, type: party.type.flatMap(EntityType.init(userText:)),
                    country: party.country.flatMap { CountryCode(userText: $0)?.code },
                    dateOfBirth: party.dateOfBirth.flatMap(DateOfBirth.init(iso:)))
                let matches = session.screen(query, options: options)
                results[index] = PartyScreeningResult(
                    party: party, candidates: matches.map { Self.candidate($0, entity: target.entityIndex[$0.entityID].map { entities[$0] }) })
            }
        }
        return results.values
    }

    static func candidate(_ match: Match, entity: Entity?) -> AlertCandidate {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let matchJSON = (try? encoder.encode(match)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return AlertCandidate(
            entityID: match.entityID, source: match.source,
            listVersion: "\(match.list.published ?? "undated") \(match.list.sha256.prefix(8))", score: match.score,
            entityDigest: entity.map { EntityCoding.stored($0).digest } ?? AuditRecord.digest(Data(match.entityID.utf8)),
            matchJSON: matchJSON)
    }

    // MARK: - List versions

    /// What importing a list version did.
    public struct ListUpdateReport: Sendable, Hashable, Codable {
        public var source: String
        public var versionID: Int64
        public var previousVersionID: Int64?
        public var entities: Int
        public var added: Int
        public var changed: Int
        public var removed: Int
        /// Open alerts closed because their entity left the list.
        public var delistedAlerts: Int
        /// Stored parties screened against the added and changed entities (by this process).
        public var rescreenedParties: Int
        public var alertsOpened: Int
        /// The re-screening job, when the version added or changed entities.
        public var jobID: Int64?
        /// The job's chunks (claimed by this process or by `clearance worker`s).
        public var chunks: Int

        enum CodingKeys: String, CodingKey {
            case source, entities, added, changed, removed, chunks
            case versionID = "version_id"
            case previousVersionID = "previous_version_id"
            case delistedAlerts = "delisted_alerts"
            case rescreenedParties = "rescreened_parties"
            case alertsOpened = "alerts_opened"
            case jobID = "job_id"
        }
    }

    /// Imports a new version of a list: stores it and its diff in one transaction, swaps the index,
    /// and queues a re-screening job over every stored party, in chunks, against only the added and
    /// changed entities. With `work`, this process works through the job (other workers may help).
    public func importList(_ list: ParsedList, actor: String, chunkSize: Int = 5_000, work: Bool = true)
        async throws(StoreError) -> ListUpdateReport
    {
        let source = list.metadata.source
        let label = "\(source) \(list.metadata.published ?? "undated") \(list.metadata.sha256.prefix(8))"
        let result = try await store.importListVersion(
            Self.version(list),
            audit: AuditDraft(
                actor: actor, action: "lists.import", inputDigest: list.metadata.sha256,
                result: "\(source): \(list.entities.count) entities", versions: label))
        lists.replace(with: list)
        var report = ListUpdateReport(
            source: source, versionID: result.version.id, previousVersionID: result.previous?.id, entities: list.entities.count,
            added: result.added.count, changed: result.changed.count, removed: result.removed.count,
            delistedAlerts: result.delistedAlerts, rescreenedParties: 0, alertsOpened: 0, jobID: nil, chunks: 0)
        guard !result.added.isEmpty || !result.changed.isEmpty else { return report }
        let job = try await store.enqueueRescreen(
            source: source, versionID: result.version.id, previousVersionID: result.previous?.id, chunkSize: chunkSize)
        report.jobID = job.jobID
        report.chunks = job.chunks
        if work {
            let done = try await runRescreening(worker: Self.workerName(), actor: actor)
            report.rescreenedParties = done.parties
            report.alertsOpened = done.alerts
        }
        return report
    }

    /// What a worker did.
    public struct WorkerReport: Sendable, Hashable, Codable {
        public var chunks = 0
        public var parties = 0
        public var alerts = 0

        public init() {}
    }

    /// Claims and processes re-screening chunks until none is left; each chunk's alerts, its completion and
    /// its audit record are one transaction. A chunk left running by a dead worker is reclaimed after `staleAfter` ms.
    public func runRescreening(worker: String, actor: String, staleAfter: Int64 = 300_000) async throws(StoreError)
        -> WorkerReport
    {
        var report = WorkerReport()
        var targets: [Int64: ScreeningTarget] = [:]
        while let chunk = try await store.claimChunk(worker: worker, staleAfter: staleAfter) {
            let target: ScreeningTarget
            if let known = targets[chunk.jobID] {
                target = known
            } else {
                let changed = try await store.changedEntities(versionID: chunk.versionID, previousVersionID: chunk.previousVersionID)
                let entities = changed.compactMap { try? EntityCoding.entity($0) }
                let metadata = lists.current.lists.first { $0.metadata.source == chunk.source }?.metadata
                    ?? ListMetadata(source: chunk.source, name: chunk.source, published: nil, sha256: "")
                target = ScreeningTarget(Screener(lists: [ParsedList(metadata: metadata, entities: entities)]))
                targets[chunk.jobID] = target
            }
            let parties = try await store.parties(from: chunk.firstParty, through: chunk.lastParty)
            let screened = screenParties(parties, with: target).filter { !$0.candidates.isEmpty }
            do {
                let outcomes = try await store.completeChunk(
                    chunk, screenings: screened, parties: parties.count,
                    audit: AuditDraft(
                        actor: actor, action: "lists.rescreen",
                        input: Data("job \(chunk.jobID) chunk \(chunk.id): \(chunk.firstParty)…\(chunk.lastParty)".utf8),
                        result: "\(chunk.source) version \(chunk.versionID), chunk \(chunk.id) by \(worker): \(parties.count) parties, "
                            + "\(screened.count) with candidates",
                        versions: listVersions))
                report.chunks += 1
                report.parties += parties.count
                report.alerts += outcomes.map(\.opened.count).reduce(0, +)
            } catch where error.kind == .conflict {
                continue
            }
        }
        return report
    }

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
