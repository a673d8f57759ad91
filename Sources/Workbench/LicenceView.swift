import Foundation
import Operations
import Store

/// Licences, draws and authorisation decisions as the licence pages show them.
enum LicenceView {
    static func standing(_ standing: LicenceStanding) -> [String: Any] {
        let stored = standing.stored
        let license = stored.license
        return [
            "id": license.id, "href": "/licences/" + pathSegment(license.id), "kind": license.kind.rawValue,
            "eccns": license.eccns.joined(separator: ", "), "destinations": license.destinations.joined(separator: ", "),
            "consignee": license.consignee ?? "—", "endUser": license.endUser ?? "—",
            "endUses": license.endUses.isEmpty ? "any" : license.endUses.joined(separator: ", "),
            "validFrom": license.validFrom, "validTo": license.validTo, "validity": standing.validity.rawValue,
            "usable": standing.validity == .valid,
            "valueLimit": license.valueLimit.map(money) ?? "unlimited", "valueUsed": money(stored.valueUsed),
            "valueLeft": stored.valueLeft.map(money) ?? "unlimited",
            "quantityLimit": license.quantityLimit.map(String.init) ?? "unlimited", "quantityUsed": String(stored.quantityUsed),
            "quantityLeft": stored.quantityLeft.map(String.init) ?? "unlimited",
            "conditions": license.conditions, "hasConditions": !license.conditions.isEmpty,
            "revokedAt": stored.revokedAt.map(Workbench.time) ?? "",
        ]
    }

    static func file(_ file: LicenceFile) -> [String: Any] {
        var values = standing(file.standing)
        values["draws"] = file.draws.map { draw in
            [
                "when": Workbench.time(draw.usedAt), "value": money(draw.value), "quantity": draw.quantity, "reference": draw.reference,
                "isAuthorization": draw.reference.hasPrefix("az_"), "href": "/authorizations/" + pathSegment(draw.reference),
            ] as [String: Any]
        }
        values["noDraws"] = file.draws.isEmpty
        if let next = file.nextDraw { values["nextDraws"] = link("/licences/" + pathSegment(file.standing.stored.license.id), ["draws_before": String(next)]) }
        values["authorizations"] = file.authorizations.map(summary)
        values["noAuthorizations"] = file.authorizations.isEmpty
        values["revocable"] = file.standing.stored.revokedAt == nil
        return values
    }

    static func summary(_ summary: AuthorizationSummary) -> [String: Any] {
        [
            "id": summary.id, "href": "/authorizations/" + pathSegment(summary.id), "verdict": summary.verdict, "subject": summary.subject,
            "item": summary.item, "destination": summary.destination, "when": Workbench.time(summary.createdAt),
            "revoked": summary.revokedAt.map(Workbench.time) ?? "",
        ]
    }

    static func decision(_ record: AuthorizationRecord, token: TokenState) -> [String: Any] {
        var values: [String: Any] = [
            "id": record.id, "verdict": record.verdict, "subject": record.subject, "item": record.item, "destination": record.destination,
            "artifact": record.artifact ?? "", "license": record.licenseID ?? "", "licenseHref": record.licenseID.map { "/licences/" + pathSegment($0) } ?? "",
            "when": Workbench.time(record.createdAt), "auditSequence": record.auditSequence, "token": token.description,
            "record": EntityView.pretty(record.decisionJSON),
        ]
        switch token {
        case .none: break
        case .active(let until): values["tokenDetail"] = "valid until \(Workbench.time(until))"
        case .expired(let at): values["tokenDetail"] = "expired at \(Workbench.time(at))"
        case .revoked(let at, let reason): values["tokenDetail"] = "revoked at \(Workbench.time(at)): \(reason)"
        }
        if let object = (try? JSONSerialization.jsonObject(with: Data(record.decisionJSON.utf8))) as? [String: Any],
            let reasons = object["reasons"] as? [[String: Any]]
        {
            values["reasons"] = reasons.map { reason in
                ["code": text(reason["code"]), "verdict": text(reason["verdict"]), "explanation": text(reason["explanation"]), "citation": text(reason["citation"])]
            }
            values["hasReasons"] = !reasons.isEmpty
        } else {
            values["unreadable"] = "the stored decision (authorizations.decision_json) has no readable reasons; it is shown below as stored"
        }
        return values
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: ""
        }
    }

    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    /// `id` as one path segment (a licence number may hold a slash).
    static func pathSegment(_ id: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }

    /// `path` (already percent-encoded) with `query`.
    static func link(_ path: String, _ query: KeyValuePairs<String, String>) -> String {
        var components = URLComponents()
        components.percentEncodedPath = path
        components.queryItems = query.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.string ?? path
    }
}
