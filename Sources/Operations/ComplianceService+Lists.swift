import Audit
import Foundation
import Screening
import Store

extension ComplianceService {
    /// The largest share of a source's active entities a new version may remove unless forced (10%).
    public static let defaultListRemovalLimit = 0.10

    /// What importing a list version did.
    public struct ListUpdateReport: Sendable, Hashable, Codable {
        public var source: String
        public var versionID: Int64
        public var previousVersionID: Int64?
        public var entities: Int
        public var added: Int
        public var changed: Int
        public var removed: Int
        /// Records the publisher gave new ids that keep the ids they had (`RenumberedIDs`).
        public var renumbered: Int
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
            case source, entities, added, changed, removed, renumbered, chunks
            case versionID = "version_id"
            case previousVersionID = "previous_version_id"
            case delistedAlerts = "delisted_alerts"
            case rescreenedParties = "rescreened_parties"
            case alertsOpened = "alerts_opened"
            case jobID = "job_id"
        }
    }

    /// Imports a new version of a list: keeps the ids of records the publisher renumbered (`RenumberedIDs`),
    /// compares it with the active version by entity content, refuses it (audited as `lists.import.refused`)
    /// when it removes more than `listRemovalLimit` of the active entities unless `force`, then stores it,
    /// makes it active, delists alerts on removed entities and queues a re-screening job over every stored
    /// party against the added and changed entities, all in one transaction, and swaps the index. With
    /// `work`, this process works through the job (other workers may help). Throws `ListVersionRefused`,
    /// `StoreError`, or `RecordError`.
    public func importList(_ published: ParsedList, actor: String, chunkSize: Int = 5_000, work: Bool = true, force: Bool = false)
        async throws -> ListUpdateReport
    {
        let source = published.metadata.source
        let label = "\(source) \(published.metadata.published ?? "undated") \(published.metadata.sha256.prefix(8))"
        let previous = try await store.activeListVersions().first { $0.source == source }
        var active: [StoredEntity] = []
        if let previous { active = try await store.entities(versionID: previous.id) }
        let (list, renumbered) = try Self.keepingRenumberedIDs(published, active: active, versionID: previous?.id)
        let next = try Self.version(list)
        let diff = ListDiff(from: active, to: next.entities)
        let exceeded = Double(diff.removed.count) > listRemovalLimit * Double(active.count)
        if exceeded && !force {
            let refusal = ListVersionRefused(source: source, removed: diff.removed.count, active: active.count, limit: listRemovalLimit)
            _ = try await store.appendAudit(
                AuditDraft(
                    actor: actor, action: "lists.import.refused", inputDigest: list.metadata.sha256, result: refusal.description,
                    versions: label))
            throw refusal
        }
        let switched = try await store.importListVersion(
            ListVersionSwitch(
                version: next, replacing: previous?.id, removed: diff.removed, rescreenChunkSize: diff.rescreen.isEmpty ? nil : chunkSize),
            audit: AuditDraft(
                actor: actor, action: "lists.import", inputDigest: list.metadata.sha256,
                result: "\(source): \(next.entities.count) entities; \(diff.added.count) added, \(diff.changed.count) changed, "
                    + "\(diff.removed.count) removed" + renumbered.auditText
                    + (exceeded ? " (forced past the \(ListVersionRefused.percent(listRemovalLimit)) removal limit)" : ""),
                versions: label))
        lists.replace(with: list)
        var report = ListUpdateReport(
            source: source, versionID: switched.version.id, previousVersionID: previous?.id, entities: next.entities.count,
            added: diff.added.count, changed: diff.changed.count, removed: diff.removed.count,
            renumbered: renumbered.kept.count, delistedAlerts: switched.delistedAlerts,
            rescreenedParties: 0, alertsOpened: 0, jobID: switched.job?.id, chunks: switched.job?.chunks ?? 0)
        if work, switched.job != nil {
            let done = try await runRescreening(worker: Self.workerName(), actor: actor)
            report.rescreenedParties = done.parties
            report.alertsOpened = done.alerts
        }
        return report
    }

    /// `list` with the ids its records had in the active version where the publisher renumbered them; the
    /// active entities whose id the list lacks are decoded (one that cannot be is an error naming it).
    private static func keepingRenumberedIDs(_ list: ParsedList, active: [StoredEntity], versionID: Int64?)
        throws(RecordError) -> (ParsedList, RenumberedIDs.Result)
    {
        let ids = Set(list.entities.map(\.id))
        var leaving: [Entity] = []
        for stored in active where !ids.contains(stored.id) {
            leaving.append(try EntityCoding.entity(stored, versionID: versionID ?? 0))
        }
        let result = RenumberedIDs.carryOver(list.entities, previousIDs: Set(active.map(\.id)), leaving: leaving)
        var kept = list
        kept.entities = result.entities
        return (kept, result)
    }

    /// Imports the bundled version of a source the store has none of, with a re-screening job for the parties
    /// already stored; a version another process imported meanwhile is kept.
    static func importInitialVersion(_ list: ParsedList, store: any Store) async throws {
        let next = try version(list)
        do {
            _ = try await store.importListVersion(
                ListVersionSwitch(version: next, replacing: nil, removed: [], rescreenChunkSize: 5_000),
                audit: AuditDraft(
                    actor: "system", action: "lists.import", inputDigest: list.metadata.sha256,
                    result: "\(list.metadata.source): initial version, \(next.entities.count) entities",
                    versions: "\(list.metadata.source) \(list.metadata.published ?? "undated") \(list.metadata.sha256.prefix(8))"))
        } catch {
            // Another process imported a version of this source meanwhile: keep it.
            guard error.kind == .conflict else { throw error }
        }
    }

    /// The list as a version to store: each entity once (the first of a repeated id), encoded.
    static func version(_ list: ParsedList) throws(RecordError) -> NewListVersion {
        var seen = Set<String>()
        var entities: [StoredEntity] = []
        entities.reserveCapacity(list.entities.count)
        for entity in list.entities where seen.insert(entity.id).inserted {
            entities.append(try EntityCoding.stored(entity))
        }
        return NewListVersion(
            source: list.metadata.source, name: list.metadata.name, published: list.metadata.published,
            sha256: list.metadata.sha256, partial: list.metadata.partial, entities: entities)
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
    ///
    /// A job screens against the entities its version added or changed; when a newer version is active by
    /// then, only those the active version still has unchanged (the newer version's own job covers the rest).
    /// A stored entity that cannot be decoded, or a stored party whose fields no longer read, stops the work
    /// (audited as `lists.rescreen.refused`) with a `RecordError` naming it; the chunk stays claimed and is retried
    /// after `staleAfter`.
    public func runRescreening(worker: String, actor: String, staleAfter: Int64 = 300_000) async throws -> WorkerReport {
        var report = WorkerReport()
        var targets: [Int64: ScreeningTarget] = [:]
        while let chunk = try await store.claimChunk(worker: worker, staleAfter: staleAfter) {
            func refuse(_ error: RecordError) async throws -> Never {
                _ = try await store.appendAudit(
                    AuditDraft(
                        actor: actor, action: "lists.rescreen.refused", input: Data("job \(chunk.jobID) chunk \(chunk.id)".utf8),
                        result: "\(chunk.source) version \(chunk.versionID), job \(chunk.jobID) stopped: \(error.description)",
                        versions: listVersions))
                throw error
            }
            let target: ScreeningTarget
            if let known = targets[chunk.jobID] {
                target = known
            } else {
                do {
                    target = try await rescreeningTarget(chunk)
                } catch let error as RecordError {
                    try await refuse(error)
                }
                targets[chunk.jobID] = target
            }
            let parties = try await store.parties(from: chunk.firstParty, through: chunk.lastParty)
            let screened: [PartyScreeningResult]
            do {
                screened = try screenParties(parties, with: target).filter { !$0.candidates.isEmpty }
            } catch {
                try await refuse(error)
            }
            let outcomes: [ScreeningOutcome]
            do {
                outcomes = try await store.completeChunk(
                    chunk, screenings: screened, parties: parties.count,
                    audit: AuditDraft(
                        actor: actor, action: "lists.rescreen",
                        input: Data("job \(chunk.jobID) chunk \(chunk.id): \(chunk.firstParty)…\(chunk.lastParty)".utf8),
                        result: "\(chunk.source) version \(chunk.versionID), chunk \(chunk.id) by \(worker): \(parties.count) parties, "
                            + "\(screened.count) with candidates",
                        versions: listVersions))
            } catch {
                // Reclaimed by another worker meanwhile: it records the chunk.
                guard error.kind == .conflict else { throw error }
                continue
            }
            report.chunks += 1
            report.parties += parties.count
            report.alerts += outcomes.map(\.opened.count).reduce(0, +)
        }
        return report
    }

    /// The screener of a chunk's job: the entities its version added or changed against the version before it,
    /// less those a newer active version has changed or removed since.
    private func rescreeningTarget(_ chunk: RescreenChunk) async throws -> ScreeningTarget {
        let current = try await store.entities(versionID: chunk.versionID)
        var before: [StoredEntity] = []
        if let previous = chunk.previousVersionID { before = try await store.entities(versionID: previous) }
        var affected = ListDiff(from: before, to: current).rescreen
        if let active = try await store.activeListVersions().first(where: { $0.source == chunk.source }), active.id != chunk.versionID {
            let still = Set(try await store.entities(versionID: active.id).map { "\($0.id)\u{1F}\($0.digest)" })
            affected = affected.filter { still.contains("\($0.id)\u{1F}\($0.digest)") }
        }
        let entities = try affected.map { stored throws(RecordError) in try EntityCoding.entity(stored, versionID: chunk.versionID) }
        let metadata = lists.current.lists.first { $0.metadata.source == chunk.source }?.metadata
            ?? ListMetadata(source: chunk.source, name: chunk.source, published: nil, sha256: "")
        return ScreeningTarget(Screener(lists: [ParsedList(metadata: metadata, entities: entities)]))
    }
}

/// What a list version changes against another, by entity content (id and digest): the rule both a list import
/// and a re-screening job use, computed here once and never in a store.
struct ListDiff: Sendable {
    var added: [StoredEntity] = []
    var changed: [StoredEntity] = []
    /// Ids of the entities `old` has and `new` does not, sorted.
    var removed: [String]

    init(from old: [StoredEntity], to new: [StoredEntity]) {
        var before: [String: String] = [:]
        for entity in old { before[entity.id] = entity.digest }
        var seen = Set<String>()
        for entity in new where seen.insert(entity.id).inserted {
            switch before[entity.id] {
            case nil: added.append(entity)
            case entity.digest?: break
            default: changed.append(entity)
            }
        }
        removed = before.keys.filter { !seen.contains($0) }.sorted()
    }

    /// The entities parties must be screened against again: the added and changed ones.
    var rescreen: [StoredEntity] { added + changed }
}

extension RenumberedIDs.Result {
    /// What the audit record of an import says of renumbered records, empty when there were none.
    var auditText: String {
        guard !kept.isEmpty || ambiguous > 0 else { return "" }
        let pairs = kept.prefix(10).map { "\($0.published) kept as \($0.kept)" }.joined(separator: ", ")
        return "; \(kept.count) renumbered by the publisher keep their ids (same list, type and name"
            + (pairs.isEmpty ? "" : ": \(pairs)\(kept.count > 10 ? ", ..." : "")") + ")"
            + (ambiguous > 0 ? "; \(ambiguous) new ids left as published (their name is shared, so no pairing is sure)" : "")
    }
}
