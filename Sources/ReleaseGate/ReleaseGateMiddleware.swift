import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ReleaseTokens

/// Hummingbird middleware that releases a controlled artefact only to a request presenting a valid,
/// unrevoked release token for it.
///
/// `GET /artifacts/{id}` (or `HEAD`) with `Authorization: Bearer <token>`: the token must verify against
/// the published keys, be for this gate's audience, name this artefact and an item of its
/// classification, and not be revoked. The file is then streamed, with range requests and ETags,
/// from the manifest's path only. Every release and every refusal is recorded by the auditor before it
/// is answered; while nothing can be recorded, every request is refused with 503.
public struct ReleaseGateMiddleware<Context: RequestContext>: RouterMiddleware {
    public let manifest: ArtifactManifest
    let verifier: CurrentVerifier
    let revocations: RevocationList
    let auditor: any GateAuditor
    let prefix: String
    let refreshKeys: KeyRefresh?
    private let files: FileMiddleware<Context, LocalFileSystem>

    /// Re-reads the published key set for a token naming key `kid`; true when the key is now known.
    public typealias KeyRefresh = @Sendable (_ kid: String) async -> Bool

    /// A gate over `manifest`'s directory at `prefix` (`/artifacts/`); every request is recorded by `auditor`
    /// before it is answered, and refused with 503 when it cannot be. `refreshKeys` (e.g. `GateSync.refreshKeys(for:)`)
    /// lets a token signed by a key newer than the gate's last poll verify at once.
    public init(
        manifest: ArtifactManifest, verifier: CurrentVerifier, revocations: RevocationList, auditor: any GateAuditor,
        prefix: String = "/artifacts/", logger: Logger = Logger(label: "clearance.gate"), refreshKeys: KeyRefresh? = nil
    ) {
        self.refreshKeys = refreshKeys
        self.manifest = manifest
        self.verifier = verifier
        self.revocations = revocations
        self.auditor = auditor
        self.prefix = prefix.hasSuffix("/") ? prefix : prefix + "/"
        self.files = FileMiddleware(manifest.directory.path, searchForIndexHtml: false, logger: logger)
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path.hasPrefix(prefix) else { return try await next(request, context) }
        let requested = String(path.dropFirst(prefix.count)).removingPercentEncoding ?? ""
        guard request.method == .get || request.method == .head else {
            return Self.refusal(.methodNotAllowed, code: "method_not_allowed", "artefacts are downloaded with GET or HEAD", extra: [.allow: "GET, HEAD"])
        }
        guard let artifact = manifest[requested] else {
            return await answer(
                GateEvent(outcome: .denied, artifact: requested, decisionID: nil, subject: nil, detail: "not_found: no such artefact"),
                Self.refusal(.notFound, code: "not_found", "no artefact \"\(requested)\" is served here"))
        }
        let token: String
        do throws(BearerCredential.Problem) {
            token = try BearerCredential.parse(request.headers[.authorization])
        } catch {
            guard case .malformed = error else {
                return await answer(
                    GateEvent(outcome: .denied, artifact: artifact.id, decisionID: nil, subject: nil, detail: "missing_token"),
                    Self.refusal(
                        .unauthorized, code: "missing_token",
                        "present a release token: Authorization: Bearer <token> (POST /v1/authorize issues one)",
                        extra: [.wwwAuthenticate: "Bearer realm=\"clearance-gate\""]))
            }
            return await answer(
                GateEvent(outcome: .denied, artifact: artifact.id, decisionID: nil, subject: nil, detail: "malformed: \(error)"),
                Self.refusal(
                    .unauthorized, code: "malformed", error.description,
                    extra: [.wwwAuthenticate: "Bearer realm=\"clearance-gate\", error=\"invalid_request\""]))
        }
        let claims: ReleaseClaims
        do throws(TokenError) {
            claims = try await verify(token)
            if claims.artifact != artifact.id { throw TokenError.wrongArtifact(found: claims.artifact, expected: artifact.id) }
            if !Self.classification(claims.item, matches: artifact.eccn) {
                throw TokenError.wrongArtifact(found: "item \(claims.item)", expected: "\(artifact.id) (classified \(artifact.eccn))")
            }
            if let reason = revocations.reason(for: claims.id) { throw TokenError.revoked(reason) }
        } catch {
            let subject = ReleaseClaims.unverified(token)
            let status: HTTPResponse.Status = switch error {
            case .malformed, .unsupportedAlgorithm, .unknownKey, .badSignature, .expired, .badKey: .unauthorized
            case .wrongAudience, .wrongIssuer, .wrongArtifact, .revoked: .forbidden
            }
            return await answer(
                GateEvent(outcome: .denied, artifact: artifact.id, decisionID: subject?.id, subject: subject?.subject, detail: "\(error.code): \(error)"),
                Self.refusal(status, code: error.code, error.description))
        }
        guard manifest.file(of: artifact) != nil else {
            return await answer(
                GateEvent(
                    outcome: .denied, artifact: artifact.id, decisionID: claims.id, subject: claims.subject,
                    detail: "outside_directory: the artefact's file is missing or leads outside the artefact directory"),
                Self.refusal(.notFound, code: "not_found", "the file of artefact \"\(artifact.id)\" is not served here"))
        }
        var head = request.head
        head.path = "/" + (artifact.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? artifact.path)
        let response = try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in
            throw HTTPError(.notFound, message: "the artefact's file is missing")
        }
        let range = request.headers[.range].map { " \($0)" } ?? ""
        // Recorded (spooled durably) before the file leaves: the body streams only after this returns.
        return await answer(
            GateEvent(
                outcome: .released, artifact: artifact.id, decisionID: claims.id, subject: claims.subject,
                detail: "\(request.method.rawValue)\(range) → \(response.status.code) to \(claims.destination)"),
            response)
    }

    /// The token's claims; a token naming a key the gate does not know makes it re-read the key set
    /// once (a key made by a rotation or by a revocation of the active key) before refusing.
    private func verify(_ token: String) async throws(TokenError) -> ReleaseClaims {
        do {
            return try await verifier.current.verify(token)
        } catch {
            guard case .unknownKey(let kid) = error, let refreshKeys, await refreshKeys(kid) else { throw error }
            return try await verifier.current.verify(token)
        }
    }

    /// `response` once `event` is recorded; a 503 refusal when it cannot be (nothing is released unrecorded).
    private func answer(_ event: GateEvent, _ response: Response) async -> Response {
        do {
            try await auditor.record(event)
            return response
        } catch {
            // The auditor logs where and why; the client learns only that nothing is answered unrecorded.
            return Self.refusal(
                .serviceUnavailable, code: "audit_unavailable",
                "the gate cannot record requests now (its audit spool cannot be written), so it answers none; try again later",
                extra: [.retryAfter: "5"])
        }
    }

    /// Whether a token's item (`3E001`) fits the artefact's classification (`3E001.a` or `3E001`).
    static func classification(_ item: String, matches eccn: String) -> Bool {
        let token = item.lowercased().split(separator: ".")
        let listed = eccn.lowercased().split(separator: ".")
        return !token.isEmpty && zip(token, listed).allSatisfy(==)
    }

    private static func refusal(_ status: HTTPResponse.Status, code: String, _ message: String, extra: HTTPFields = [:]) -> Response {
        let body = try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body ?? Data())))
    }
}
