/// A listed entity's stored record with the label of the list version it was read from.
public struct VersionedEntity: Sendable, Hashable {
    public var entity: StoredEntity
    /// The version's label as alerts name it: `published sha8` (`undated sha8` without a publication date).
    public var listVersion: String

    public init(entity: StoredEntity, listVersion: String) {
        self.entity = entity
        self.listVersion = listVersion
    }
}

/// The case page's read of the listed entity: both stores implement it, with one indexed query.
public protocol CaseEntityQueries: Sendable {
    /// The record of `entityID` on `source` as the version labelled `listVersion` holds it (the version an alert
    /// was raised on), or, when that version does not hold it, as the newest version that does; nil when none does.
    func entity(source: String, entityID: String, preferring listVersion: String) async throws(StoreError) -> VersionedEntity?
}

/// The statement behind `CaseEntityQueries`, written once for both backends.
enum CaseEntityStatements {
    /// The label an alert gives the version it was raised on, computed in SQL (see `VersionedEntity.listVersion`).
    static let label = "COALESCE(v.published, 'undated') || ' ' || SUBSTR(v.sha256, 1, 8)"

    static func entity(source: String, entityID: String, preferring listVersion: String) -> SQLStatement {
        SQLStatement(
            """
            SELECT e.entity_id, e.digest, e.entity_json, \(label) FROM list_entities e JOIN list_versions v ON v.id = e.version_id
            WHERE v.source = ? AND e.entity_id = ? ORDER BY CASE WHEN \(label) = ? THEN 0 ELSE 1 END, v.id DESC LIMIT 1
            """, source, entityID, listVersion)
    }
}
