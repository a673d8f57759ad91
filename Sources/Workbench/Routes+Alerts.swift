import DataFormats
import Foundation
import Hummingbird
import Operations
import Store

/// The alert queue (filtered, sorted, paginated by key in the database), a case, and decisions on them.
extension Workbench {
    func addAlertRoutes(to router: Router<WorkbenchContext>) {
        router.get("/alerts") { request, context in
            _ = try require(.analyst, context)
            let query = request.uri.queryParameters
            let filter = try Self.alertFilter(query)
            let cursor = try Self.cursor(query)
            let page = try await reads.alertQueue(filter, after: cursor)
            var values = Self.filterValues(filter, sources: service.screener.index.lists.map(\.source) + MonitorAlertKind.allCases.map(\.source))
            values["alerts"] = page.alerts.map { alert in
                [
                    "id": alert.id, "party": alert.partyID, "entity": alert.entityID, "source": alert.source, "score": ExplanationView.percent(alert.score),
                    "status": alert.status.rawValue, "open": alert.status == .open, "opened": Self.time(alert.openedAt),
                ] as [String: Any]
            }
            values["empty"] = page.alerts.isEmpty
            values["anyOpen"] = page.alerts.contains { $0.status == .open }
            if let next = page.next {
                values["next"] = Self.queueLink(filter, after: next)
            }
            if cursor != nil { values["first"] = Self.queueLink(filter, after: nil) }
            if let cleared = try FormText.integer(query["cleared"].map(String.init), "cleared", in: 0...ComplianceService.maximumBulkDecision) {
                let refused = try FormText.integer(query["not_decided"].map(String.init), "not_decided", in: 0...ComplianceService.maximumBulkDecision) ?? 0
                values["decided"] = "\(cleared) alert\(cleared == 1 ? "" : "s") cleared as false positive"
                    + (refused == 0 ? "" : "; \(refused) could not be decided (no longer open, or no such alert)")
            }
            return try renderer.page("alerts", title: "Alerts", values, context: context)
        }
        router.post("/alerts/decide") { _, context in
            let session = try require(.analyst, context)
            var ids: [Int64] = []
            for (index, text) in context.form.all("alert").enumerated() {
                guard let id = Int64(text) else { throw WorkbenchError.badRequest(field: "alert[\(index)]", "alert must be an alert number, got \"\(text)\"") }
                ids.append(id)
            }
            let reason = try FormText.required(context.form["reason"], "reason", limit: InputText.freeTextLimit, multiline: true)
            let outcomes = try await service.decide(alertIDs: ids, decision: .falsePositive, reason: reason, actor: session.actor)
            let decided = outcomes.filter { if case .decided = $0 { true } else { false } }.count
            return PageRenderer.redirect("/alerts?cleared=\(decided)&not_decided=\(outcomes.count - decided)")
        }
        router.get("/alerts/:id") { _, context in
            _ = try require(.analyst, context)
            let id = try Self.alertID(context)
            let file = try await reads.casePage(alertID: id)
            return try renderer.page("case", title: "Alert \(id)", Self.caseValues(file), context: context)
        }
        router.post("/alerts/:id/decide") { _, context in
            let session = try require(.analyst, context)
            let id = try Self.alertID(context)
            let decisionText = try FormText.required(context.form["decision"], "decision")
            guard let decision = Decision(rawValue: decisionText) else {
                throw WorkbenchError.badRequest(field: "decision", "decision must be false_positive or true_match, got \"\(decisionText)\"")
            }
            let reason = try FormText.required(context.form["reason"], "reason", limit: InputText.freeTextLimit, multiline: true)
            _ = try await service.decide(alertID: id, decision: decision, reason: reason, actor: session.actor)
            return PageRenderer.redirect("/alerts/\(id)")
        }
    }

    static func alertID(_ context: WorkbenchContext) throws -> Int64 {
        let text = context.parameters.get("id") ?? ""
        guard let id = Int64(text), id > 0 else { throw WorkbenchError.notFound("There is no alert \(text).") }
        return id
    }

    static func alertFilter(_ query: Hummingbird.Parameters) throws(WorkbenchError) -> AlertFilter {
        var filter = AlertFilter()
        if let status = try FormText.optional(query["status"].map(String.init), "status") {
            if status == "any" {
                filter.status = nil
            } else {
                guard let known = AlertStatus(rawValue: status) else {
                    throw .badRequest(field: "status", "status must be any, open, false_positive, true_match or delisted, got \"\(status)\"")
                }
                filter.status = known
            }
        }
        filter.source = try FormText.optional(query["list"].map(String.init), "list", limit: 100)
        filter.minimumScore = try FormText.number(query["min_score"].map(String.init), "min_score", in: 0...1)
        filter.olderThanDays = try FormText.integer(query["older_than_days"].map(String.init), "older_than_days", in: 0...36_500)
        if let order = try FormText.optional(query["sort"].map(String.init), "sort") {
            guard let known = AlertPageQuery.Order(rawValue: order) else { throw .badRequest(field: "sort", "sort must be oldest or score, got \"\(order)\"") }
            filter.order = known
        }
        return filter
    }

    static func cursor(_ query: Hummingbird.Parameters) throws(WorkbenchError) -> AlertCursor? {
        guard let id = try FormText.integer(query["after"].map(String.init), "after", in: 1...Int.max) else { return nil }
        let score = try FormText.number(query["after_score"].map(String.init), "after_score", in: 0...1) ?? 0
        return AlertCursor(id: Int64(id), score: score)
    }

    static func queueLink(_ filter: AlertFilter, after cursor: AlertCursor?) -> String {
        var items: [URLQueryItem] = [URLQueryItem(name: "status", value: filter.status?.rawValue ?? "any"), URLQueryItem(name: "sort", value: filter.order.rawValue)]
        if let source = filter.source { items.append(URLQueryItem(name: "list", value: source)) }
        if let minimum = filter.minimumScore { items.append(URLQueryItem(name: "min_score", value: String(minimum))) }
        if let days = filter.olderThanDays { items.append(URLQueryItem(name: "older_than_days", value: String(days))) }
        if let cursor {
            items.append(URLQueryItem(name: "after", value: String(cursor.id)))
            items.append(URLQueryItem(name: "after_score", value: String(cursor.score)))
        }
        var components = URLComponents()
        components.path = "/alerts"
        components.queryItems = items
        return components.string ?? "/alerts"
    }

    static func filterValues(_ filter: AlertFilter, sources: [String]) -> [String: Any] {
        [
            "statuses": (["any"] + AlertStatus.allCases.map(\.rawValue)).map {
                ["value": $0, "selected": $0 == (filter.status?.rawValue ?? "any")]
            },
            "sources": ([""] + sources.sorted()).map { ["value": $0, "label": $0.isEmpty ? "any" : $0, "selected": $0 == (filter.source ?? "")] },
            "minScore": filter.minimumScore.map { String($0) } ?? "",
            "olderThan": filter.olderThanDays.map(String.init) ?? "",
            "sorts": AlertPageQuery.Order.allCases.map {
                ["value": $0.rawValue, "label": $0 == .oldest ? "oldest first" : "highest score first", "selected": $0 == filter.order]
            },
        ]
    }

    static func caseValues(_ file: CaseFile) -> [String: Any] {
        let alert = file.alert
        var values: [String: Any] = [
            "id": alert.id, "status": alert.status.rawValue, "open": alert.status == .open, "score": ExplanationView.percent(alert.score),
            "source": alert.source, "listVersion": alert.listVersion, "opened": time(alert.openedAt), "entityID": alert.entityID,
            "partyID": alert.partyID,
            "decidedAt": alert.decidedAt.map(time) ?? "", "decidedBy": alert.decidedBy ?? "", "reason": alert.reason ?? "",
            "decided": alert.decidedAt != nil,
            "history": file.partyAlerts.map { other in
                [
                    "id": other.id, "entity": other.entityID, "source": other.source, "status": other.status.rawValue, "opened": time(other.openedAt),
                    "decided": other.decidedAt.map(time) ?? "—", "by": other.decidedBy ?? "—", "current": other.id == alert.id,
                ] as [String: Any]
            },
        ]
        if let party = file.party {
            values["party"] = ["name": party.name, "type": party.type ?? "—", "country": party.country ?? "—", "dob": party.dateOfBirth ?? "—"]
        }
        if let monitor = file.monitor {
            values["monitor"] = MonitorCaseView.values(monitor)
        } else {
            values["explanation"] = ExplanationView.stored(alert.matchJSON)
            values["record"] = EntityView.values(file.entity, listVersion: file.entityVersion ?? alert.listVersion)
        }
        return values
    }
}
