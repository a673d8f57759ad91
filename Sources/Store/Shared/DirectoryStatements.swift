/// The statements of `DirectoryQueries`, each written once for both backends.
enum DirectoryStatements {
    /// The expression of the parties' sort key before `parties.name_key` (the lower-cased name in byte order): the
    /// index migration v10 made on it (which v11 drops) is written with it.
    static func nameKey(_ dialect: SQLDialect) -> String {
        dialect == .postgres ? "(lower(name) COLLATE \"C\")" : "lower(name)"
    }

    /// Parties by `name_key` (`PartyNameKey`, compared byte by byte on both backends), so a folded prefix is a range
    /// of the index `parties_by_name_key`.
    static func partyPage(namePrefix: String?, after cursor: PartyCursor?, limit: Int) -> SQLStatement {
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let namePrefix, !namePrefix.isEmpty {
            conditions.append("name_key >= ? AND name_key < ?")
            arguments += [namePrefix, namePrefix + "\u{10FFFF}"]
        }
        if let cursor {
            conditions.append("(name_key > ? OR (name_key = ? AND id > ?))")
            arguments += [cursor.nameKey, cursor.nameKey, cursor.id]
        }
        arguments.append(limit)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return SQLStatement("SELECT id, name, type, country, dob, name_key FROM parties\(filter) ORDER BY name_key, id LIMIT ?", arguments: arguments)
    }

    static func partyAlertPage(partyID: String, after id: Int64?, limit: Int) -> SQLStatement {
        SQLStatement("\(PageStatements.alertColumns) WHERE party_id = ? AND id > ? ORDER BY id LIMIT ?", partyID, id ?? 0, limit)
    }

    static func listVersionPage(source: String?, before id: Int64?, limit: Int) -> SQLStatement {
        var conditions = ["id < ?"]
        var arguments: [any SQLBindable] = [id ?? Int64.max]
        if let source {
            conditions.append("source = ?")
            arguments.append(source)
        }
        arguments.append(limit)
        return SQLStatement(
            "\(ListStatements.versionColumns) WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT ?", arguments: arguments)
    }

    static func listVersion(_ id: Int64) -> SQLStatement {
        SQLStatement("\(ListStatements.versionColumns) WHERE id = ?", id)
    }

    static func diffPage(versionID: Int64, previousID: Int64?, change: EntityChange, after: String?, limit: Int) -> SQLStatement {
        let previous = previousID ?? -1
        let after = after ?? ""
        switch change {
        case .added:
            return SQLStatement(
                """
                SELECT n.entity_id, n.digest, n.entity_json FROM list_entities n
                WHERE n.version_id = ? AND n.entity_id > ?
                  AND NOT EXISTS (SELECT 1 FROM list_entities o WHERE o.version_id = ? AND o.entity_id = n.entity_id)
                ORDER BY n.entity_id LIMIT ?
                """, versionID, after, previous, limit)
        case .changed:
            return SQLStatement(
                """
                SELECT n.entity_id, n.digest, n.entity_json FROM list_entities n
                JOIN list_entities o ON o.version_id = ? AND o.entity_id = n.entity_id
                WHERE n.version_id = ? AND n.entity_id > ? AND o.digest <> n.digest
                ORDER BY n.entity_id LIMIT ?
                """, previous, versionID, after, limit)
        case .removed:
            return SQLStatement(
                """
                SELECT o.entity_id, o.digest, o.entity_json FROM list_entities o
                WHERE o.version_id = ? AND o.entity_id > ?
                  AND NOT EXISTS (SELECT 1 FROM list_entities n WHERE n.version_id = ? AND n.entity_id = o.entity_id)
                ORDER BY o.entity_id LIMIT ?
                """, previous, after, versionID, limit)
        }
    }

    static func versionAlertPage(source: String, listVersion: String, after id: Int64?, limit: Int) -> SQLStatement {
        SQLStatement(
            "\(PageStatements.alertColumns) WHERE source = ? AND list_version = ? AND id > ? ORDER BY id LIMIT ?", source, listVersion, id ?? 0,
            limit)
    }
}
