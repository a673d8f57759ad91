import ArgumentParser
import CommandSupport
import Foundation
import ReleaseTokens
import Operations

/// `clearance token verify|keys|rotate`: release tokens and the keys that sign them.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Verify release tokens offline, print the published keys, rotate the signing key.",
        subcommands: [Verify.self, Keys.self, Rotate.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify a release token against a key set (JWKS), offline; exit 0 when valid.",
            discussion: """
                The key set is what GET /v1/keys serves (or `clearance token keys`). Revocation is not known \
                offline: the gate checks it.

                Example:
                  clearance token keys > keys.json && clearance token verify "$TOKEN" --jwks keys.json --artifact fab-process-notes
                """)

        @Argument(help: "The token (compact JWS).") var token: String
        @Option(help: ArgumentHelp("The key set file (JWKS JSON).", valueName: "FILE")) var jwks: String
        @Option(help: "The audience to require.") var audience: String = ComplianceService.defaultAudience
        @Option(help: "The artefact the token must release.") var artifact: String?

        func run() async throws {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: jwks))
            } catch {
                throw ValidationError("--jwks \(jwks) cannot be read: \(error.localizedDescription)")
            }
            do {
                let verifier = try await ReleaseTokenVerifier(keySet: try ReleaseKeySet(json: data), audience: audience)
                let claims = try await verifier.verify(token.trimmingCharacters(in: .whitespacesAndNewlines))
                if let artifact, claims.artifact != artifact { throw TokenError.wrongArtifact(found: claims.artifact, expected: artifact) }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                encoder.dateEncodingStrategy = .iso8601
                print("valid: " + String(decoding: try encoder.encode(ClaimsView(claims)), as: UTF8.self))
            } catch let error as TokenError {
                FileHandle.standardError.write(Data("clearance: invalid token (\(error.code)): \(error)\n".utf8))
                throw ExitCode.failure
            }
        }
    }

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "Print the published release keys (JWKS), as GET /v1/keys serves them.")
        @OptionGroup var database: DatabaseOption
        @OptionGroup var lists: ListSelection

        func run() async throws {
            let service = try await database.service(lists: lists)
            print(String(decoding: try await service.releaseKeys().json(), as: UTF8.self))
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rotate",
            abstract: "Make a new signing key; the old one stays published for a day so its tokens still verify.")
        @OptionGroup var database: DatabaseOption
        @OptionGroup var lists: ListSelection

        func run() async throws {
            let service = try await database.service(lists: lists)
            print("signing key \(try await service.rotateReleaseKey(actor: DatabaseOption.actor)) now signs release tokens")
        }
    }
}

/// The claims as `token verify` prints them.
struct ClaimsView: Encodable {
    var decisionID: String
    var subject: String
    var artifact: String?
    var item: String
    var destination: String
    var license: String?
    var audience: [String]
    var issuedAt: Date
    var expiresAt: Date

    init(_ claims: ReleaseClaims) {
        decisionID = claims.id
        subject = claims.subject
        artifact = claims.artifact
        item = claims.item
        destination = claims.destination
        license = claims.license
        audience = claims.audience
        issuedAt = claims.issuedAt
        expiresAt = claims.expiresAt
    }

    enum CodingKeys: String, CodingKey {
        case subject, artifact, item, destination, license, audience
        case decisionID = "decision_id"
        case issuedAt = "issued_at"
        case expiresAt = "expires_at"
    }
}
