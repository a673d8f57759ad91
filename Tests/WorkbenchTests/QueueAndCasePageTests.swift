import Foundation
import Hummingbird
import Screening
import Store
import Testing

@testable import Workbench

/// The alert queue's keyboard shortcuts (a served script over a page that works without it) and the case page's
/// readable record of the listed entity.
@Suite struct QueueAndCasePageTests {
    @Test("the queue loads the shortcut script, marks each row with its case, holds the help dialog and a hint the script reveals")
    func queueShortcutMarkup() async throws {
        let harness = try await Harness.make(.sqlite)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let queue = try await browser.get("/alerts")
            #expect(queue.status == .ok)
            #expect(queue.html.contains(#"<script src="/static/queue.js" defer></script>"#))
            #expect(queue.html.contains(#"<table id="queue">"#) && queue.html.contains(#"<tr data-href="/alerts/\#(harness.alertID)">"#))
            #expect(queue.html.contains(#"<dialog id="shortcuts" aria-labelledby="shortcuts-title">"#))
            #expect(queue.html.contains(#"<p class="hint" id="shortcut-hint" hidden>Press <kbd>?</kbd> for keyboard shortcuts.</p>"#))
            for key in ["j", "k", "Enter", "o", "x", "/", "?", "Esc"] {
                #expect(queue.html.contains("<kbd>\(key)</kbd>"), "the help lists \(key)")
            }
            let script = try await browser.get("/static/queue.js")
            #expect(script.status == .ok && script.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(script.html.contains("showModal") && script.html.contains("shortcut-hint"))
        }
    }

    @Test("the case page shows the listed entity's record as labelled fields, omitting empty ones, never JSON or null", arguments: PageBackend.allCases)
    func caseRecord(backend: PageBackend) async throws {
        let harness = try await Harness.make(backend)
        try await harness.serve { browser in
            try await browser.signIn("ana")
            let page = try await browser.get("/alerts/\(harness.alertID)")
            #expect(page.status == .ok)
            for (label, value) in [
                ("Name", "IVAN PETROVICH SIDOROV"), ("Type", "person"), ("List", "ofac-sdn"), ("Entry id", "ofac-sdn:1001"),
                ("List version", "2026-01-15 "), ("Programmes", "RUSSIA-EO14024"), ("Nationalities", "RU"), ("Dates of birth", "1961"),
            ] {
                #expect(page.html.contains("<dt>\(label)</dt><dd>\(value)"), "\(label): \(value)")
            }
            #expect(!page.html.contains("<dt>Aliases</dt>") && !page.html.contains("<dt>Remarks</dt>"))
            #expect(!page.html.contains("null") && !page.html.contains(#""programs""#) && !page.html.contains("<pre class=\"record\""))
        }
    }

    @Test("every field a list publishes is shown: aliases, addresses, identifiers with country, dates, remarks and listing terms")
    func everyField() {
        let entity = Entity(
            id: "bis-el:77", source: "bis-el", programs: ["Entity List (EL)"], type: .organization, name: "ACME OPTICS",
            aliases: [Alias(name: "ACME PHOTONICS", strength: .strong, kind: "aka"), Alias(name: "AO", strength: .weak, kind: "aka")],
            datesOfBirth: [DateOfBirth(year: 1960, toYear: 1962, approximate: true), DateOfBirth(year: 1971, month: 3, day: 5)],
            nationalities: ["CN"], addresses: [Address(street: "1 Lens Road", city: "Shenzhen", postalCode: "518000", country: "CN"), Address()],
            identifiers: [Identifier(kind: "Registration Number", value: "91440300", country: "CN"), Identifier(kind: "Website", value: "acme.example")],
            remarks: "  Also at a second site.  ",
            listing: ListingTerms(licenseRequirement: "For all items subject to the EAR.", licensePolicy: "Presumption of denial.", startDate: "2024-05-09"))
        let fields = EntityView.fields(entity, listVersion: "bis-el 2026-03-01")
        #expect(
            fields == [
                .init(label: "Name", values: ["ACME OPTICS"]),
                .init(label: "Aliases", values: ["ACME PHOTONICS (aka)", "AO (aka, weak)"]),
                .init(label: "Type", values: ["organization"]),
                .init(label: "List", values: ["bis-el"]),
                .init(label: "Entry id", values: ["bis-el:77"]),
                .init(label: "List version", values: ["bis-el 2026-03-01"]),
                .init(label: "Programmes", values: ["Entity List (EL)"]),
                .init(label: "Nationalities", values: ["CN"]),
                .init(label: "Dates of birth", values: ["circa 1960 to 1962", "1971-03-05"]),
                .init(label: "Addresses", values: ["1 Lens Road, Shenzhen, 518000, CN"]),
                .init(label: "Identifiers", values: ["Registration Number 91440300 (issued by CN)", "Website acme.example"]),
                .init(label: "Remarks", values: ["Also at a second site."]),
                .init(label: "Licence requirement", values: ["For all items subject to the EAR."]),
                .init(label: "Licence review policy", values: ["Presumption of denial."]),
                .init(label: "Listed since", values: ["2024-05-09"]),
            ])
    }

    @Test("a stored record that cannot be read is said so, naming the column and the field, and shown as stored")
    func unreadableRecord() {
        let values = EntityView.values(StoredEntity(id: "ofac-sdn:9", digest: "d", json: #"{"id":"ofac-sdn:9","source":"ofac-sdn"}"#), listVersion: "v")
        #expect(values["readable"] as? Bool == false && values["raw"] as? String == #"{"id":"ofac-sdn:9","source":"ofac-sdn"}"#)
        let problem = values["problem"] as? String ?? ""
        #expect(problem.contains("ofac-sdn:9") && problem.contains("list_entities.entity_json") && problem.contains("is missing"), "\(problem)")
        #expect(EntityView.values(nil, listVersion: "v")["hasEntity"] as? Bool == false)
    }
}
