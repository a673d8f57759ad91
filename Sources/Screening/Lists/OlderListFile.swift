extension ListManifest {
    /// How an older file of the same list (`files.older`), bundled beside a newer one that is incomplete
    /// in another way, is combined with it into the one list Clearance screens against (manifest key `older`).
    ///
    /// Both files are read in full (each with its own format's checks); the list's digest covers both.
    public struct OlderFile: Codable, Sendable, Hashable {
        /// Its format (one of `ListFormatDetection.formats`).
        public var format: String
        /// Its publication date, when the file itself does not state one.
        public var published: String?
        /// How it is combined with the newer file.
        public var use: Use

        /// How an older file is combined with the newer, primary one.
        public enum Use: String, Codable, Sendable {
            /// The newer file is cut off: its entities are kept as they are, and each entity of the older
            /// (complete) file that the newer lacks (by id, or by first program and name) is kept too, its
            /// remarks saying it is from the older file.
            case keepMissing = "keep-missing"
            /// The newer file lists every party but with names only: each of its entities that the older
            /// file also has (same id) gets the older file's aliases, dates of birth, nationalities,
            /// addresses and identifiers; the older file's entities the newer lacks (delisted since) are left out.
            case details
        }

        /// An older file's reading with every key given explicitly.
        public init(format: String, published: String? = nil, use: Use) {
            self.format = format
            self.published = published
            self.use = use
        }
    }
}

/// Combines a newer list with an older file of the same list (see `ListManifest.OlderFile.Use`).
enum OlderListMerge {
    static func merge(newer: ParsedList, older: ParsedList, use: ListManifest.OlderFile.Use, olderPath: String) -> ParsedList {
        var result = newer
        result.issues += older.issues
        let newerDate = newer.metadata.published ?? "undated"
        let olderDate = older.metadata.published ?? "undated"
        switch use {
        case .keepMissing:
            // Publishers that renumber their records between releases (the CSL's `_id` of BIS and State
            // rows) are matched by program and name as well.
            let present = Set(newer.entities.map(\.id))
            let named = Set(newer.entities.map(nameKey))
            for var entity in older.entities where !present.contains(entity.id) && !named.contains(nameKey(entity)) {
                let note = "From the complete list of \(olderDate): not in the newer file of \(newerDate), which is cut off"
                entity.remarks = [note, entity.remarks].compactMap { $0 }.joined(separator: "; ")
                result.entities.append(entity)
            }
        case .details:
            let details = Dictionary(older.entities.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            result.entities = newer.entities.map { entity in
                details[entity.id].map { withDetails(entity, from: $0, olderDate: olderDate) } ?? entity
            }
            let listed = Set(newer.entities.map(\.id))
            let dropped = older.entities.map(\.id).filter { !listed.contains($0) }
            if !dropped.isEmpty {
                result.issues.append(ParseIssue(
                    file: olderPath, line: 1,
                    message: "\(dropped.count) designation(s) of the file of \(olderDate) are not in the newer list of \(newerDate) (delisted since) and are left out: \(dropped.prefix(20).joined(separator: ", "))\(dropped.count > 20 ? ", ..." : "")"))
            }
        }
        return result
    }

    /// An entity's first program (the list within a consolidated list) and its name, upper-cased with single spaces.
    private static func nameKey(_ entity: Entity) -> String {
        "\(entity.programs.first ?? "")|\(StableID.normalisedName(entity.name))"
    }

    /// `entity` (name, type, programs as the newer list gives them) with the older record's other fields;
    /// the older record's name becomes an alias where it differs.
    private static func withDetails(_ entity: Entity, from older: Entity, olderDate: String) -> Entity {
        var merged = entity
        var aliases = older.aliases
        if older.name != entity.name, !aliases.contains(where: { $0.name == older.name }) {
            aliases.insert(Alias(name: older.name, strength: .strong, kind: "name on the list of \(olderDate)"), at: 0)
        }
        merged.aliases = entity.aliases + aliases.filter { alias in alias.name != entity.name && !entity.aliases.contains { $0.name == alias.name } }
        merged.datesOfBirth = older.datesOfBirth
        merged.nationalities = older.nationalities
        merged.addresses = older.addresses
        merged.identifiers = older.identifiers
        for program in older.programs where !merged.programs.contains(program) { merged.programs.append(program) }
        if merged.type == .unknown { merged.type = older.type }
        let note = "Aliases, dates of birth, nationalities, addresses and identifiers from the list of \(olderDate)"
        merged.remarks = [entity.remarks, note, older.remarks].compactMap { $0 }.joined(separator: "; ")
        return merged
    }
}
