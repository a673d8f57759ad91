import DataFormats
import Foundation
import Hummingbird
import Operations
import Store

/// Parties: search by name prefix or id (paginated by key in the database), a party with its alerts (its
/// screening history), and the CSV import form (which runs as a job: `Routes+Jobs.swift`). Analysts, as the API's
/// party routes.
extension Workbench {
    func addPartyRoutes(to router: Router<WorkbenchContext>) {
        router.get("/parties") { request, context in
            _ = try require(.analyst, context)
            let query = request.uri.queryParameters
            if let id = try FormText.optional(query["id"].map(String.init), "id", limit: 200) {
                return PageRenderer.redirect(Self.partyLink(id))
            }
            let prefix = try FormText.optional(query["q"].map(String.init), "q", limit: InputText.nameLimit)
            var cursor: PartyCursor?
            if let key = query["after_key"].map(String.init) {
                let id = try FormText.required(query["after_id"].map(String.init), "after_id", limit: 200)
                cursor = PartyCursor(nameKey: try FormText.required(key, "after_key", limit: InputText.nameLimit), id: id)
            }
            let page = try await reads.parties(prefix: prefix, after: cursor)
            var values: [String: Any] = [
                "q": prefix ?? "", "empty": page.parties.isEmpty,
                "parties": page.parties.map { party in
                    [
                        "id": party.id, "href": Self.partyLink(party.id), "name": party.name, "type": party.type ?? "—",
                        "country": party.country ?? "—", "dob": party.dateOfBirth ?? "—",
                    ] as [String: Any]
                },
            ]
            if let next = page.next {
                values["next"] = Self.link(
                    "/parties", [("q", prefix), ("after_key", next.nameKey), ("after_id", next.id)])
            }
            if cursor != nil { values["first"] = Self.link("/parties", [("q", prefix)]) }
            return try renderer.page("parties", title: "Parties", values, context: context)
        }
        router.get("/party") { request, context in
            _ = try require(.analyst, context)
            let query = request.uri.queryParameters
            let id = try FormText.required(query["id"].map(String.init), "id", limit: 200)
            let after = try FormText.integer(query["after"].map(String.init), "after", in: 1...Int.max).map(Int64.init)
            let file = try await reads.party(id: id, after: after)
            var values: [String: Any] = [
                "id": file.party.id, "name": file.party.name, "type": file.party.type ?? "—", "country": file.party.country ?? "—",
                "dob": file.party.dateOfBirth ?? "—", "empty": file.alerts.isEmpty,
                "alerts": file.alerts.map { alert in
                    [
                        "id": alert.id, "entity": alert.entityID, "source": alert.source, "version": alert.listVersion,
                        "score": ExplanationView.percent(alert.score), "status": alert.status.rawValue, "opened": Self.time(alert.openedAt),
                        "decided": alert.decidedAt.map(Self.time) ?? "—", "by": alert.decidedBy ?? "—",
                    ] as [String: Any]
                },
            ]
            if let next = file.next { values["next"] = Self.link("/party", [("id", id), ("after", String(next))]) }
            if after != nil { values["first"] = Self.partyLink(id) }
            return try renderer.page("party", title: "Party \(file.party.name)", values, context: context)
        }
    }

    static func partyLink(_ id: String) -> String { link("/party", [("id", id)]) }

    /// `path` with the query items that have a value, percent-encoded.
    static func link(_ path: String, _ items: [(String, String?)]) -> String {
        var components = URLComponents()
        components.path = path
        let present = items.compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } }
        components.queryItems = present.isEmpty ? nil : present
        // `+` is a space in a form's query: encode it so a name holding one comes back as written.
        return (components.string ?? path).replacingOccurrences(of: "+", with: "%2B")
    }
}
