import Logging
import PostgresNIO

/// API keys by secret hash, read for many concurrent requests in one query (`KeyLookupBatch`).
extension PostgresStore {
    /// The unrevoked keys among `secretHashes`, by secret hash; a stored key whose role this build does not
    /// know is left out (refused, as a lone lookup refuses it).
    static func keys(secretHashes: [String], leases: PostgresLeases, logger: Logger) async throws(StoreError) -> [String: APIKeyRecord] {
        do {
            return try await leases.withConnection { connection in
                let rows = try await connection.query(
                    "SELECT id, secret_hash, role, created_at FROM api_keys WHERE secret_hash = ANY(\(secretHashes)::text[]) AND revoked_at IS NULL",
                    logger: logger)
                var keys: [String: APIKeyRecord] = [:]
                for try await (id, hash, role, created) in rows.decode((String, String, String, Int64).self) {
                    guard let role = Role(rawValue: role) else { continue }
                    keys[hash] = APIKeyRecord(id: id, secretHash: hash, role: role, createdAt: created)
                }
                return keys
            }
        } catch {
            throw wrap(error)
        }
    }
}
