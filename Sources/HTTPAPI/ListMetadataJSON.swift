import Operations
import Screening

/// `#/components/schemas/ListMetadata`: a loaded list with its freshness, flattened (`ListWithFreshness`).
typealias ListMetadataJSON = ListWithFreshness

extension ListWithFreshness {
    /// The service's active lists with their freshness now.
    static func current(_ service: ComplianceService) async throws -> [ListWithFreshness] {
        pairing(service.screener.index.lists, with: try await service.listFreshness())
    }
}
