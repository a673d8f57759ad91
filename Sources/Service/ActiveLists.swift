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
        var parties: PartyScreener
        var entityIndex: [String: Int]
        var versions: String
    }

    private let state: Mutex<State>

    init(lists: [ParsedList]) {
        state = Mutex(Self.state(lists))
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

    private static func state(_ lists: [ParsedList]) -> State {
        let screener = Screener(lists: lists)
        var index: [String: Int] = [:]
        for (position, entity) in screener.index.entities.enumerated() { index[entity.id] = position }
        let versions = lists.map { list in
            "\(list.metadata.source) \(list.metadata.published ?? "undated") \(list.metadata.sha256.prefix(8))"
        }.joined(separator: "; ")
        return State(lists: lists, screener: screener, parties: PartyScreener(screener: screener), entityIndex: index, versions: versions)
    }
}

/// How list entities are stored: their JSON (sorted keys) and its SHA-256.
enum EntityCoding {
    static func stored(_ entity: Entity) -> StoredEntity {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entity)) ?? Data(entity.id.utf8)
        return StoredEntity(id: entity.id, digest: AuditRecord.digest(data), json: String(decoding: data, as: UTF8.self))
    }

    static func entity(_ stored: StoredEntity) throws -> Entity {
        try JSONDecoder().decode(Entity.self, from: Data(stored.json.utf8))
    }
}
