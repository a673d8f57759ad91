import Audit
import Determination
import Foundation
import Screening
import Store
import Synchronization

/// The lists in use and the screener over them, swapped in one step when a new version is imported.
///
/// Screening that started on the old index finishes on it; the next request sees the new one.
final class ActiveLists: Sendable {
    struct State: Sendable {
        var lists: [ParsedList]
        var screener: Screener
        /// Sessions over `screener`'s index, reused between requests.
        var sessions: ScreeningSessions
        var parties: PartyScreener
        var entityIndex: [String: Int]
        var versions: String
    }

    private let state: Mutex<State>

    /// The lists in use; `index`, when given, is the index already built over exactly `lists`.
    init(lists: [ParsedList], index: ScreeningIndex? = nil) {
        state = Mutex(Self.state(lists, index: index))
    }

    var current: State { state.withLock { $0 } }

    /// Replaces the list of `list.metadata.source` (or adds it) and rebuilds the index beside the old one.
    func replace(with list: ParsedList) {
        var lists = current.lists.filter { $0.metadata.source != list.metadata.source }
        lists.append(list)
        lists.sort { $0.metadata.source < $1.metadata.source }
        let next = Self.state(lists)
        state.withLock { $0 = next }
    }

    private static func state(_ lists: [ParsedList], index: ScreeningIndex? = nil) -> State {
        let screener = index.map(Screener.init(index:)) ?? Screener(lists: lists)
        var index: [String: Int] = [:]
        for (position, entity) in screener.index.entities.enumerated() { index[entity.id] = position }
        let versions = lists.map { list in
            "\(list.metadata.source) \(list.metadata.published ?? "undated") \(list.metadata.sha256.prefix(8))"
        }.joined(separator: "; ")
        return State(
            lists: lists, screener: screener, sessions: ScreeningSessions(screener: screener), parties: PartyScreener(screener: screener), entityIndex: index, versions: versions)
    }
}

/// How list entities are stored: their JSON (sorted keys) and its SHA-256.
enum EntityCoding {
    /// The entity as stored; one that cannot be encoded stops the import, naming it.
    static func stored(_ entity: Entity) throws(RecordError) -> StoredEntity {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data: Data
        do {
            data = try encoder.encode(entity)
        } catch {
            throw RecordError("list entity \(entity.id)", "cannot be encoded for the store: \(error)")
        }
        return StoredEntity(id: entity.id, digest: AuditRecord.digest(data), json: String(decoding: data, as: UTF8.self))
    }

    /// A digest of the active list versions as stored: each version's metadata and the exact bytes of every entity.
    static func fingerprint(_ stored: [(version: ListVersionRecord, entities: [StoredEntity])]) -> String {
        var text = ""
        for (version, entities) in stored {
            var bytes = Data()
            for entity in entities {
                bytes.append(contentsOf: entity.id.utf8)
                bytes.append(0)
                bytes.append(contentsOf: entity.json.utf8)
                bytes.append(0)
            }
            let fields = [
                version.source, version.name, version.published ?? "-", version.sha256, version.partial ?? "-",
                "\(entities.count)", AuditRecord.digest(bytes),
            ]
            text += fields.joined(separator: "\t") + "\n"
        }
        return AuditRecord.digest(Data(text.utf8))
    }

    /// The stored entity of list version `versionID`; one that cannot be decoded is an error naming it
    /// (never skipped: an entity left out is never screened).
    static func entity(_ stored: StoredEntity, versionID: Int64) throws(RecordError) -> Entity {
        do {
            return try JSONDecoder().decode(Entity.self, from: Data(stored.json.utf8))
        } catch {
            throw RecordError(
                "list version \(versionID), entity \(stored.id)", "the stored record (list_entities.entity_json) cannot be decoded: \(error)")
        }
    }
}
