import Foundation

/// A list version refused because it removes more of the active entities than the service allows
/// (`ComplianceService.listRemovalLimit`): nothing was imported and the refusal was audited as
/// `lists.import.refused`. A list that really shrank is imported with `force`.
public struct ListVersionRefused: Error, Sendable, CustomStringConvertible {
    public var source: String
    /// Entities of the active version the new one no longer has.
    public var removed: Int
    /// Entities of the active version.
    public var active: Int
    /// The largest share of the active entities a version may remove without `force`.
    public var limit: Double

    public init(source: String, removed: Int, active: Int, limit: Double) {
        self.source = source
        self.removed = removed
        self.active = active
        self.limit = limit
    }

    public var description: String {
        "\(source): the new version removes \(removed) of the \(active) active entities (\(Self.percent(Double(removed) / Double(max(active, 1))))), "
            + "more than the \(Self.percent(limit)) allowed; nothing was imported. Check the file (a truncated or partial download?), "
            + "or import it with --force (API: ?force=true) if the list really shrank"
    }

    static func percent(_ share: Double) -> String {
        let value = share * 100
        return value == value.rounded() ? "\(Int(value))%" : String(format: "%.1f%%", value)
    }
}

/// A record that cannot be encoded for the store or decoded from it: the action stops, naming the record.
public struct RecordError: Error, Sendable, CustomStringConvertible {
    /// The record, e.g. `list version 4, entity un:6908555`.
    public var record: String
    public var problem: String

    public init(_ record: String, _ problem: String) {
        self.record = record
        self.problem = problem
    }

    public var description: String { "\(record): \(problem)" }
}
