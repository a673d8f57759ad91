import DataFormats
import Foundation
import Hummingbird
import Operations
import Screening
import Store

/// Screening one name, with the explanation of every match.
extension Workbench {
    func addScreenRoutes(to router: Router<WorkbenchContext>) {
        router.get("/screen") { _, context in
            _ = try require(.screener, context)
            return try renderer.page("screen", title: "Screen a name", Self.screenForm(name: "", type: "", country: "", dob: ""), context: context)
        }
        router.post("/screen") { _, context in
            let session = try require(.screener, context)
            let form = context.form
            let name = try FormText.required(form["name"], "name", limit: InputText.nameLimit)
            let typeText = try FormText.optional(form["type"], "type") ?? ""
            var type: EntityType?
            if !typeText.isEmpty {
                guard let known = EntityType(rawValue: typeText) else {
                    throw WorkbenchError.badRequest(field: "type", "type must be person, organization, vessel or aircraft, got \"\(typeText)\"")
                }
                type = known
            }
            let country = try FormText.optional(form["country"], "country")
            let dob = try FormText.optional(form["dob"], "dob")
            let query = try service.screeningQuery(name: name, type: type, country: country, dob: dob, sources: [], field: "")
            let input = try JSONEncoder().encode(["name": name, "type": typeText, "country": country ?? "", "dob": dob ?? ""])
            let result = try await service.screen([query], options: ScreeningOptions(), actor: session.actor, input: input)
            let matches = result.matches.first ?? []
            var values = Self.screenForm(name: name, type: typeText, country: country ?? "", dob: dob ?? "")
            values["screened"] = true
            values["screeningID"] = result.screeningID
            values["matches"] = matches.map(ExplanationView.values)
            values["count"] = matches.count
            values["matchWord"] = matches.count == 1 ? "match" : "matches"
            values["none"] = matches.isEmpty
            values["threshold"] = ExplanationView.percent(ScreeningOptions.defaultThreshold)
            return try renderer.page("screen", title: "Screen a name", values, context: context)
        }
    }

    static func screenForm(name: String, type: String, country: String, dob: String) -> [String: Any] {
        [
            "name": name, "country": country, "dob": dob,
            "types": ["", "person", "organization", "vessel", "aircraft"].map {
                ["value": $0, "label": $0.isEmpty ? "any" : $0, "selected": $0 == type]
            },
        ]
    }
}
