import Operations
import Screening

/// `#/components/schemas/ListMetadata`: a loaded list (`ListMetadata`, as the CLI writes it) with its freshness
/// (`ListFreshness`: stale, age, last refresh success, attempt and error), the two flattened into one object.
struct ListMetadataJSON: Codable, Hashable, Sendable {
    var metadata: ListMetadata
    var freshness: ListFreshness?

    init(metadata: ListMetadata, freshness: ListFreshness?) {
        self.metadata = metadata
        self.freshness = freshness
    }

    init(from decoder: any Decoder) throws {
        metadata = try ListMetadata(from: decoder)
        freshness = try? ListFreshness(from: decoder)
    }

    func encode(to encoder: any Encoder) throws {
        try metadata.encode(to: encoder)
        try freshness?.encode(to: encoder)
    }

    /// The service's active lists with their freshness now.
    static func current(_ service: ComplianceService) async throws -> [ListMetadataJSON] {
        let freshness = try await service.listFreshness()
        return service.screener.index.lists.map { list in
            ListMetadataJSON(metadata: list, freshness: freshness.first { $0.source == list.source })
        }
    }
}
