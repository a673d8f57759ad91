import Audit
import Foundation
import Metrics
import Screening
import Store

extension ComplianceService {
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

    /// Stores parties, screening the new and changed ones on every core and recording their alerts.
    ///
    /// Work goes in chunks of `chunkSize`: the new and changed parties of a chunk are screened in memory
    /// first, then stored with their alerts and one audit record in one store transaction, so a party is
    /// never stored unscreened (a process killed part way leaves earlier chunks done and the rest as they were).
    /// Every record is checked first (`PartyCSV.validate`): one bad party refuses the whole import with
    /// `InvalidInput` naming `parties[i].field`, before anything is screened, stored or audited.
    /// Throws `InvalidInput`, `StoreError`, or `RecordError` when a screening cannot be recorded.
    public func importParties(_ records: [PartyRecord], actor: String, chunkSize: Int = 5_000) async throws -> ImportReport {
        try PartyCSV.validate(records, place: { "parties[\($0)]" })
        var report = ImportReport()
        report.received = records.count
        var start = 0
        while start < records.count {
            let chunk = Array(records[start..<min(start + chunkSize, records.count)])
            start += chunk.count
            let (changes, toScreen) = Self.changes(chunk, stored: try await store.partyDigests(ids: chunk.map(\.id)))
            for change in changes {
                switch change {
                case .inserted: report.inserted += 1
                case .changed: report.changed += 1
                case .unchanged: report.unchanged += 1
                }
            }
            guard !toScreen.isEmpty else { continue }
            let results = try screenParties(toScreen)
            let opened = try await store.importParties(
                results,
                audit: AuditDraft(
                    actor: actor, action: "parties.import",
                    input: Data(toScreen.map { "\($0.id)\u{1F}\($0.digest)" }.joined(separator: "\n").utf8),
                    result: "\(chunk.count) received, \(toScreen.count) stored and screened, "
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

    /// Which parties of `chunk` are new, changed or unchanged against the `stored` digests (and earlier rows of
    /// the chunk), and the parties to store and screen: the last version of each new or changed id, in first-seen order.
    static func changes(_ chunk: [PartyRecord], stored: [String: String]) -> (changes: [PartyChange], toScreen: [PartyRecord]) {
        var changes: [PartyChange] = []
        changes.reserveCapacity(chunk.count)
        var latest: [String: PartyRecord] = [:]
        var order: [String] = []
        for party in chunk {
            let digest = party.digest
            let before = latest[party.id]?.digest ?? stored[party.id]
            if before == digest {
                changes.append(.unchanged)
                continue
            }
            changes.append(before == nil ? .inserted : .changed)
            if latest[party.id] == nil { order.append(party.id) }
            latest[party.id] = party
        }
        return (changes, order.compactMap { latest[$0] })
    }

    /// Screens parties in parallel with `screener`, keeping matches at or above the threshold as alert candidates.
    ///
    /// Without `target`, the active lists (whose entity index is kept beside their screener).
    func screenParties(_ parties: [PartyRecord], with target: ScreeningTarget? = nil) throws(RecordError) -> [PartyScreeningResult] {
        let target = target ?? ScreeningTarget(lists.current)
        let screener = target.screener
        let entities = screener.index.entities
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let results = ResultSlots<Result<PartyScreeningResult, RecordError>>(count: parties.count)
        let options = ScreeningOptions(threshold: threshold, limit: 10)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var session = screener.makeSession()
            for index in stride(from: worker, to: parties.count, by: workers) {
                let party = parties[index]
                results[index] = Result { () throws(RecordError) in
                    let matches = session.screen(try Self.query(for: party), options: options)
                    return PartyScreeningResult(
                        party: party,
                        candidates: try matches.map { match throws(RecordError) in
                            try Self.candidate(match, party: party.id, entity: target.entityIndex[match.entityID].map { entities[$0] })
                        })
                }
            }
        }
        return try results.values.map { result throws(RecordError) in try result.get() }
    }

    /// The screening query of a stored party. Its fields were checked when it was stored (`PartyCSV`); one that no
    /// longer reads (stored under looser rules) stops the screening rather than screening the party with less than
    /// the store holds for it.
    static func query(for party: PartyRecord) throws(RecordError) -> ScreeningQuery {
        func read<Value>(_ field: String, _ text: String?, _ expected: String, _ parse: (String) -> Value?) throws(RecordError) -> Value? {
            guard let text else { return nil }
            guard let value = parse(text) else {
                throw RecordError("party \(party.id)", "its stored \(field) \"\(text)\" is not \(expected); correct the party, then screen again")
            }
            return value
        }
        return ScreeningQuery(
            name: party.name,
            type: try read("type", party.type, "person, organization, vessel or aircraft", EntityType.init(userText:)),
            country: try read("country", party.country, "an ISO 3166 alpha-2 code") { CountryCode(userText: $0)?.code },
            dateOfBirth: try read("dob", party.dateOfBirth, "YYYY, YYYY-MM or YYYY-MM-DD", DateOfBirth.init(iso:)))
    }

    /// The alert candidate of `match` for `party`; a match that cannot be recorded in full stops the screening.
    static func candidate(_ match: Match, party: String, entity: Entity?) throws(RecordError) -> AlertCandidate {
        guard let entity else {
            throw RecordError("party \(party), match on \(match.entityID)", "the matched entity is not in the screened lists")
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let matchJSON: String
        do {
            matchJSON = String(decoding: try encoder.encode(match), as: UTF8.self)
        } catch {
            throw RecordError("party \(party), match on \(match.entityID)", "the match cannot be encoded for its alert: \(error)")
        }
        return AlertCandidate(
            entityID: match.entityID, source: match.source,
            listVersion: "\(match.list.published ?? "undated") \(match.list.sha256.prefix(8))", score: match.score,
            entityDigest: try EntityCoding.stored(entity).digest, matchJSON: matchJSON)
    }
}
