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
/// from the manifest's path only. Every release and every refusal is reported to the auditor.
public struct ReleaseGateMiddleware<Context: RequestContext>: RouterMiddleware {
    public let manifest: ArtifactManifest
    let verifier: CurrentVerifier
    let revocations: RevocationList
    let auditor: any GateAuditor
    let prefix: String
    private let files: FileMiddleware<Context, LocalFileSystem>

    /// A gate over `manifest`'s directory at `prefix` (`/artifacts/`).
    public init(
        manifest: ArtifactManifest, verifier: CurrentVerifier, revocations: RevocationList, auditor: any GateAuditor,
        prefix: String = "/artifacts/", logger: Logger = Logger(label: "clearance.gate")
    ) {
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
            await auditor.record(GateEvent(outcome: .denied, artifact: requested, decisionID: nil, subject: nil, detail: "not_found: no such artefact"))
            return Self.refusal(.notFound, code: "not_found", "no artefact \"\(requested)\" is served here")
        }
        guard let token = Self.bearer(request) else {
            await auditor.record(GateEvent(outcome: .denied, artifact: artifact.id, decisionID: nil, subject: nil, detail: "missing_token"))
            return Self.refusal(
                .unauthorized, code: "missing_token", "present a release token: Authorization: Bearer <token> (POST /v1/authorize issues one)",
                extra: [.wwwAuthenticate: "Bearer realm=\"clearance-gate\""])
        }
        let claims: ReleaseClaims
        do throws(TokenError) {
            claims = try await verifier.current.verify(token)
            if claims.artifact != artifact.id { throw TokenError.wrongArtifact(found: claims.artifact, expected: artifact.id) }
            if !Self.classification(claims.item, matches: artifact.eccn) {
                throw TokenError.wrongArtifact(found: "item \(claims.item)", expected: "\(artifact.id) (classified \(artifact.eccn))")
            }
            if let reason = revocations.reason(for: claims.id) { throw TokenError.revoked(reason) }
        } catch {
            let subject = ReleaseClaims.unverified(token)
            await auditor.record(
                GateEvent(outcome: .denied, artifact: artifact.id, decisionID: subject?.id, subject: subject?.subject, detail: "\(error.code): \(error)"))
            let status: HTTPResponse.Status = switch error {
            case .malformed, .unsupportedAlgorithm, .unknownKey, .badSignature, .expired, .badKey: .unauthorized
            case .wrongAudience, .wrongIssuer, .wrongArtifact, .revoked: .forbidden
            }
            return Self.refusal(status, code: error.code, error.description)
        }
        guard manifest.file(of: artifact) != nil else {
            await auditor.record(
                GateEvent(
                    outcome: .denied, artifact: artifact.id, decisionID: claims.id, subject: claims.subject,
                    detail: "outside_directory: the artefact's file is missing or leads outside the artefact directory"))
            return Self.refusal(.notFound, code: "not_found", "the file of artefact \"\(artifact.id)\" is not served here")
        }
        var head = request.head
        head.path = "/" + (artifact.path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? artifact.path)
        let response = try await files.handle(Request(head: head, body: request.body), context: context) { _, _ in
            throw HTTPError(.notFound, message: "the artefact's file is missing")
        }
        let range = request.headers[.range].map { " \($0)" } ?? ""
        await auditor.record(
            GateEvent(
                outcome: .released, artifact: artifact.id, decisionID: claims.id, subject: claims.subject,
                detail: "\(request.method.rawValue)\(range) → \(response.status.code) to \(claims.destination)"))
        return response
    }

    /// Whether a token's item (`3E001`) fits the artefact's classification (`3E001.a` or `3E001`).
    static func classification(_ item: String, matches eccn: String) -> Bool {
        let token = item.lowercased().split(separator: ".")
        let listed = eccn.lowercased().split(separator: ".")
        return !token.isEmpty && zip(token, listed).allSatisfy(==)
    }

    private static func bearer(_ request: Request) -> String? {
        guard let value = request.headers[.authorization] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    private static func refusal(_ status: HTTPResponse.Status, code: String, _ message: String, extra: HTTPFields = [:]) -> Response {
        let body = try? JSONSerialization.data(withJSONObject: ["error": ["code": code, "message": message]], options: [.sortedKeys, .withoutEscapingSlashes])
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body ?? Data())))
    }
}
