import Audit
import Foundation
import Hummingbird
import Operations
import Store

/// The audit records (newest first, filterable, paginated by sequence in the database) and verifying the chain.
extension Workbench {
    func addAuditRoutes(to router: Router<WorkbenchContext>) {
        router.get("/audit") { request, context in
            _ = try require(.analyst, context)
            return try await auditPage(request, context, verification: nil)
        }
        router.post("/audit/verify") { request, context in
            _ = try require(.analyst, context)
            let report = try await reads.verifyAudit()
            var lines = ["\(report.chain.checked) records checked; head hash \(report.chain.headHash.prefix(16))…"]
            if let checkpoint = report.lastCheckpoint {
                lines.append("last signed checkpoint at record \(checkpoint.sequence), \(Self.time(checkpoint.signedAt))")
            }
            if let broken = report.chain.firstBreak { lines.append(broken.description) }
            lines += report.problems.map(\.description)
            return try await auditPage(request, context, verification: (report.isIntact, lines))
        }
    }

    private func auditPage(_ request: Request, _ context: WorkbenchContext, verification: (intact: Bool, lines: [String])?) async throws -> Response {
        let query = request.uri.queryParameters
        let action = try FormText.optional(query["action"].map(String.init), "action", limit: 100)
        let actor = try FormText.optional(query["actor"].map(String.init), "actor", limit: 200)
        let before = try FormText.integer(query["before"].map(String.init), "before", in: 1...Int.max).map(Int64.init)
        let page = try await reads.auditPage(before: before, action: action, actor: actor)
        var values: [String: Any] = [
            "action": action ?? "", "actor": actor ?? "",
            "records": page.records.map {
                [
                    "sequence": $0.sequence, "time": Self.time($0.timestamp), "actor": AuditText.decode($0.actor), "action": AuditText.decode($0.action),
                    "result": AuditText.decode($0.result), "hash": $0.hash, "previous": $0.previousHash, "previousSequence": $0.sequence - 1,
                    "hasPrevious": $0.sequence > 1,
                ] as [String: Any]
            },
            "empty": page.records.isEmpty,
        ]
        if let next = page.next {
            var components = URLComponents()
            components.path = "/audit"
            components.queryItems = [URLQueryItem(name: "before", value: String(next))]
                + (action.map { [URLQueryItem(name: "action", value: $0)] } ?? []) + (actor.map { [URLQueryItem(name: "actor", value: $0)] } ?? [])
            values["next"] = components.string ?? "/audit"
        }
        if let verification {
            values["verified"] = ["intact": verification.intact, "lines": verification.lines] as [String: Any]
        }
        return try renderer.page("audit", title: "Audit", values, context: context)
    }
}
