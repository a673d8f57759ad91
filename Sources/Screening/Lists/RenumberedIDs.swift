/// Keeps the ids of records a publisher renumbered between two releases of a list.
///
/// trade.gov gives the Consolidated Screening List's records new ids from one release to the next
/// (none of the 919 Entity List ids of the 2023 file appears in the complete 2022 file, though all their
/// names do). Read by id alone, a new release would remove every such party and list it again: open
/// alerts closed as delisted, cases left on an id no list holds, and the version refused by the removal
/// limit. So a record of the new release whose id the previous release lacks takes the id of the record
/// of the previous release that left with the same list (first program), type and name — only where that
/// pairing is one to one: a key that two records share on either side is left as published, never guessed.
public enum RenumberedIDs {
    /// A release with the ids it keeps, and what was kept.
    public struct Result: Sendable {
        /// The new release's entities, each renumbered one with the id it had before.
        public var entities: [Entity]
        /// Each renumbered record: the id the publisher gave it now, and the id it keeps.
        public var kept: [(published: String, kept: String)]
        /// Records of the new release left with their new id because their key is shared.
        public var ambiguous: Int
    }

    /// `next` with the ids of the records it renumbered; `previousIDs` are every id of the previous
    /// release and `leaving` its records whose id `next` lacks.
    public static func carryOver(_ next: [Entity], previousIDs: Set<String>, leaving: [Entity]) -> Result {
        var result = Result(entities: next, kept: [], ambiguous: 0)
        guard !leaving.isEmpty else { return result }
        var left: [String: [String]] = [:]
        for entity in leaving { left[key(entity), default: []].append(entity.id) }
        var arriving: [String: [Int]] = [:]
        for (position, entity) in next.enumerated() where !previousIDs.contains(entity.id) {
            arriving[key(entity), default: []].append(position)
        }
        for (key, positions) in arriving.sorted(by: { $0.value[0] < $1.value[0] }) {
            guard let ids = left[key] else { continue }
            guard ids.count == 1, positions.count == 1 else {
                result.ambiguous += positions.count
                continue
            }
            result.kept.append((published: next[positions[0]].id, kept: ids[0]))
            result.entities[positions[0]].id = ids[0]
        }
        return result
    }

    /// The list within a consolidated list, the record's type and its name, upper-cased with single spaces.
    static func key(_ entity: Entity) -> String {
        "\(entity.programs.first ?? "")|\(entity.type.rawValue)|\(StableID.normalisedName(entity.name))"
    }
}
