import Foundation
import Operations
import ReleaseTokens
import Store

/// The enforcement walkthrough's setting: a clean photonics maker in China, a BIS licence for blade-cooling technology
/// (9E003.a) to it, and requests to release that technology.
enum Walkthrough {
    static let licenseID = "D7654321"

    static func license(quantityLimit: Int = 2) -> LicenseRecord {
        LicenseRecord(
            id: licenseID, kind: .bisLicense, eccns: ["9E003.a"], destinations: ["CN"], endUser: FixtureLists.photonics.name,
            quantityLimit: quantityLimit, validFrom: "2026-01-01", validTo: "2027-12-31")
    }

    /// A harness with the photonics maker stored (screened clean) and the licence recorded.
    static func harness(_ backend: ServiceBackend, quantityLimit: Int = 2, licensed: Bool = true) async throws -> Harness {
        let harness = try await Harness.make(backend)
        _ = try await harness.service.importParties([FixtureLists.photonics], actor: "key_analyst")
        if licensed {
            let license = license(quantityLimit: quantityLimit)
            try await harness.store.addLicense(license, audit: ComplianceService.licenseRecord(license, actor: "key_admin", input: Data("licence".utf8)))
        }
        return harness
    }

    /// A release of 9E003.a technology to the photonics maker in China on a day the licence is valid.
    static func request(quantity: Int = 1) -> AuthorizationRequest {
        AuthorizationRequest(recipient: .party(id: "p3"), subject: .item(eccn: "9E003.a"), destination: "CN", quantity: quantity, date: "2026-06-01")
    }

    /// A verifier over the service's published keys, for the gates' audience.
    static func verifier(_ harness: Harness) async throws -> ReleaseTokenVerifier {
        try await ReleaseTokenVerifier(keySet: try await harness.service.releaseKeys(), audience: ComplianceService.defaultAudience)
    }
}
