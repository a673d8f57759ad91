/// The statements of `LicencePageQueries`, each written once for both backends (keyset conditions on the
/// columns of `Schema.workbenchLicencePageIndexes`).
enum LicencePageStatements {
    static func licensePage(after id: String?, limit: Int) -> SQLStatement {
        let columns = "SELECT id, record_json, value_used, quantity_used, revoked_at FROM licenses"
        guard let id else { return SQLStatement("\(columns) ORDER BY id LIMIT ?", limit) }
        return SQLStatement("\(columns) WHERE id > ? ORDER BY id LIMIT ?", id, limit)
    }

    static func drawPage(licenseID: String, before id: Int64?, limit: Int) -> SQLStatement {
        let columns = "SELECT id, license_id, value, quantity, reference, used_at FROM license_uses WHERE license_id = ?"
        guard let id else { return SQLStatement("\(columns) ORDER BY id DESC LIMIT ?", licenseID, limit) }
        return SQLStatement("\(columns) AND id < ? ORDER BY id DESC LIMIT ?", licenseID, id, limit)
    }

    static func authorizationPage(licenseID: String?, before cursor: AuthorizationCursor?, limit: Int) -> SQLStatement {
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let licenseID {
            conditions.append("license_id = ?")
            arguments.append(licenseID)
        }
        if let cursor {
            conditions.append("(created_at < ? OR (created_at = ? AND id < ?))")
            arguments += [cursor.createdAt, cursor.createdAt, cursor.id]
        }
        arguments.append(limit)
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return SQLStatement(
            "SELECT id, verdict, subject, item, destination, created_at, revoked_at FROM authorizations\(filter) ORDER BY created_at DESC, id DESC LIMIT ?",
            arguments: arguments)
    }

    static func revocationPage(before sequence: Int64?, limit: Int) -> SQLStatement {
        let columns = "SELECT sequence, authorization_id, reason, revoked_at FROM revocations"
        guard let sequence else { return SQLStatement("\(columns) ORDER BY sequence DESC LIMIT ?", limit) }
        return SQLStatement("\(columns) WHERE sequence < ? ORDER BY sequence DESC LIMIT ?", sequence, limit)
    }

    static func artifactPage(after id: String?, limit: Int) -> SQLStatement {
        let columns = "SELECT id, eccn, description FROM artifacts"
        guard let id else { return SQLStatement("\(columns) ORDER BY id LIMIT ?", limit) }
        return SQLStatement("\(columns) WHERE id > ? ORDER BY id LIMIT ?", id, limit)
    }
}
