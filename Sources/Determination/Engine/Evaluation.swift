import Foundation
import DataFormats

/// One determination in progress: the steps of Part 732 in order, each adding findings. A class: the steps read
/// and extend one evaluation in place, where a struct was copied whole at each call from a mutating step.
final class Evaluation {
    let request: DeterminationRequest
    let destination: Destination
    let entry: CompiledEntry?
    let book: RuleBook
    let policy: DeterminationPolicy
    var reference: ReferenceData { book.reference }
    /// The item as findings name it (`3A001.b.3`), written once.
    let itemText: String
    /// The destination's Country Chart wording, prepared at load.
    let chartPhrases: ChartPhrases
    /// The entry's rows that may cover the item, read once.
    var applicableRules: [(rule: ControlRule, scope: ScopeResult)] = []

    var findings: [Finding] = []
    var notes: [String] = []
    var exceptions: [LicenseExceptionCandidate] = []
    /// Set when a jurisdiction step ends the determination.
    var terminal = false
    /// Set when the item turned out not to be subject to the EAR after the prohibitions ran.
    var exceptionsCleared = false

    init(
        request: DeterminationRequest, destination: Destination, entry: CompiledEntry?, book: RuleBook,
        policy: DeterminationPolicy
    ) {
        self.request = request
        self.destination = destination
        self.entry = entry
        self.book = book
        self.policy = policy
        self.itemText = request.item.description
        self.chartPhrases = book.destinations.phrases(for: destination)
    }

    var item: ItemClassification { request.item }
    var isEAR99: Bool { item.kind == .ear99 }

    func run() {
        notes += destination.notes
        applicableRules = computeApplicableRules()
        jurisdiction()
        guard !terminal else { return }
        deniedParties()
        embargoes()
        endUses()
        parties()
        commerceControlList()
        foreignContent()
        usPersonAndOtherProhibitions()
        if !exceptionsCleared { exceptions = exceptionCandidates() }
        if let date = request.date, date > Self.newestTable {
            notes.append(
                "The transaction date \(date) is after the newest table (2026-09-24); rules published since are not reflected")
        }
    }

    func result(dataVersion: String) -> Determination {
        let outcome = findings.map(\.outcome).max() ?? .nlr
        return Determination(
            outcome: outcome, findings: findings, licenseExceptions: exceptions, item: itemText,
            destination: destination.code, notes: notes, dataVersion: dataVersion,
            toggles: policy.aiDiffusionEnforced ? Self.togglesOn : Self.togglesOff)
    }

    /// The day of the newest table, read once.
    private static let newestTable = CivilDate("2026-09-24")!
    /// The toggles every determination reports, built once for each state.
    private static let togglesOn = [Toggle(name: "ai_diffusion_enforced", enabled: true)]
    private static let togglesOff = [Toggle(name: "ai_diffusion_enforced", enabled: false)]

    // MARK: - Shared helpers

    /// The regime of a control of this item for `reason`, or of a finding kind (`embargo`, `end-use`).
    func regime(reason: String?, finding: String? = nil) -> Regime? {
        if let finding { return book.findingRegimes[finding] }
        guard let reason else { return nil }
        let z = item.paragraph.first == "z"
        if let entry, let known = (z ? entry.zRegimes : entry.regimes)[reason] { return known }
        return RuleBook.regime(
            book.regimes, eccn: entry?.eccn, paragraph: item.paragraph.first, reason: reason, finding: nil)
    }

    /// The fact a scope or exception condition asks about, if the fact table knows its wording.
    func factKey(for condition: String) -> String? {
        book.factKey(for: condition).map { $0.hasPrefix("!") ? String($0.dropFirst()) : $0 }
    }

    /// The stated value of the fact a condition asks about (its opposite for a `!phrase`).
    func statedFact(for condition: String) -> Bool? {
        guard !request.facts.isEmpty, let key = book.factKey(for: condition) else { return nil }
        if key.hasPrefix("!") { return request.facts[String(key.dropFirst())].map { !$0 } }
        return request.facts[key]
    }

    func question(for key: String) -> String {
        book.facts[key]?.question ?? key
    }

    // MARK: - 1. Jurisdiction (Part 734)

    func jurisdiction() {
        let itar: String?
        switch (item.kind, entry?.kind) {
        case (.itar, _): itar = "The item is on the U.S. Munitions List"
        case (_, .itar(let why)?): itar = "\(entry?.eccn ?? "") is an ITAR cross-reference: \(why)"
        default: itar = nil
        }
        if let itar {
            add(
                Finding(
                    prohibition: nil, reason: "734.3(b)(1)", outcome: .outOfScopeITAR,
                    citation: "734.3(b)(1); 22 CFR parts 120-130",
                    explanation: "\(itar). It is not subject to the EAR; the State Department (DDTC) licenses it.",
                    regime: nil, sources: entry.map { [$0.rules.first?.source].compactMap { $0 } } ?? [],
                    missingFact: nil, flags: []))
            terminal = true
            return
        }
        if request.facts["published"] == true {
            let encryption = entry.map { $0.eccn.hasPrefix("5D002") || $0.eccn.hasPrefix("5E002") } ?? false
            add(
                Finding(
                    prohibition: nil, reason: "734.3(b)(3)", outcome: encryption ? .needsReview : .notSubject,
                    citation: "734.3(b)(3); 734.7-734.11",
                    explanation: encryption
                        ? "Published encryption source code or technology is released from the EAR only under the conditions of 734.3(b)(3)(ii) and 742.15(b); check them"
                        : "The item is stated to be published or otherwise excluded (fundamental research, patents, educational information), so it is not subject to the EAR",
                    regime: nil, sources: [], missingFact: nil, flags: []))
            terminal = !encryption
            if terminal { return }
        }
        if case .noItems(let why)? = entry?.kind {
            add(
                Finding(
                    prohibition: "GP1", reason: "classification", outcome: .needsReview,
                    citation: "Supp. No. 1 to Part 774, \(entry?.eccn ?? "")",
                    explanation: "\(entry?.eccn ?? "") has no items of its own: \(why). Heading: \(entry?.heading ?? "")",
                    regime: nil, sources: [], missingFact: "classification", flags: []))
        }
        if case .uncaptured? = entry?.kind {
            add(
                Finding(
                    prohibition: "GP1", reason: "classification", outcome: .needsReview,
                    citation: "Supp. No. 1 to Part 774, \(entry?.eccn ?? "")",
                    explanation: "The bundled CCL has no License Requirements for \(entry?.eccn ?? "") (heading: \(entry?.heading ?? "")); it may be an ITAR pointer or was not captured. Review the entry in the eCFR",
                    regime: nil, sources: [], missingFact: "classification",
                    flags: ["data gap: License Requirements not captured for this entry"]))
        }
    }

    // MARK: - GP4: denied persons

    func deniedParties() {
        for party in request.parties {
            for hit in party.hits where hit.list == .deniedPersons {
                var terms = "It is on the Denied Persons List (entry \(hit.entry.id), \"\(hit.entry.name)\", score \(Self.score(hit.entry.score)))"
                if let notice = hit.federalRegisterNotice { terms += ", order published at \(notice)" }
                add(
                    Finding(
                        prohibition: "GP4", reason: "denied person", outcome: .prohibited,
                        citation: "736.2(b)(4); Supp. No. 2 to Part 736; Part 764",
                        explanation: "\"\(party.name)\": \(terms). No one may take part in a transaction with a person under a denial order; no license exception applies.",
                        regime: regime(reason: nil, finding: "end-use"), sources: [], missingFact: nil, flags: [],
                        allowedExceptions: [], listEntry: hit.entry))
            }
        }
    }

    static func score(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return "\(rounded)"
    }

    /// Appends `finding`, taking it over (a finding is a large value: no copy).
    func add(_ finding: consuming Finding) {
        findings.append(finding)
    }
}
