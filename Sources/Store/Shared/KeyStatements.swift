/// The statements of key revocation and the gate's spooled events, each written once for both backends.
enum KeyStatements {
    /// The API key's `id, secret_hash, role, created_at, revoked_at`, locking its row; no row without it.
    static func apiKey(_ id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT id, secret_hash, role, created_at, revoked_at FROM api_keys WHERE id = ?\(dialect.rowLock)", id)
    }

    static func revokeAPIKey(_ id: String, reason: String, at time: Int64) -> SQLStatement {
        SQLStatement("UPDATE api_keys SET revoked_at = ?, revoked_reason = ? WHERE id = ?", time, reason, id)
    }

    /// The signing key's `retired_at, revoked_at`, locking its row; no row without it.
    static func signingKey(_ id: String, _ dialect: SQLDialect) -> SQLStatement {
        SQLStatement("SELECT retired_at, revoked_at FROM signing_keys WHERE id = ?\(dialect.rowLock)", id)
    }

    /// Revokes a signing key: it is retired too (if it was not), so it never signs again and leaves the published set.
    static func revokeSigningKey(_ id: String, reason: String, at time: Int64) -> SQLStatement {
        SQLStatement(
            "UPDATE signing_keys SET retired_at = COALESCE(retired_at, ?), revoked_at = ?, revoked_reason = ? WHERE id = ?",
            time, time, reason, id)
    }

    /// The stored API key of a `apiKey` row; a role the schema does not know is an error naming the key.
    static func apiKey(id: String, secretHash: String, role: String, createdAt: Int64) throws(StoreError) -> APIKeyRecord {
        guard let role = Role(rawValue: role) else {
            throw StoreError(.database, "API key \(id): stored role \"\(role)\" is not a role")
        }
        return APIKeyRecord(id: id, secretHash: secretHash, role: role, createdAt: createdAt)
    }

    static func alreadyRevoked(apiKey id: String) -> StoreError { StoreError(.conflict, "API key \(id) is already revoked") }
    static func noAPIKey(_ id: String) -> StoreError { StoreError(.notFound, "no API key \(id)") }
    static func alreadyRevoked(signingKey id: String) -> StoreError { StoreError(.conflict, "signing key \(id) is already revoked") }
    static func noSigningKey(_ id: String) -> StoreError { StoreError(.notFound, "no signing key \(id)") }

    /// The gate event's id when it is recorded already.
    static func gateEvent(_ id: String) -> SQLStatement {
        SQLStatement("SELECT id FROM gate_events WHERE id = ?", id)
    }

    static func recordGateEvent(_ id: String, auditSequence: Int64, at time: Int64) -> SQLStatement {
        SQLStatement("INSERT INTO gate_events (id, audit_sequence, recorded_at) VALUES (?, ?, ?)", id, auditSequence, time)
    }
}
