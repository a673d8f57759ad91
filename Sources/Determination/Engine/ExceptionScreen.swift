import Foundation

/// Which license exceptions could overcome the license requirements found (Part 740), and what each still needs.
///
/// Exceptions are tried only after a requirement is found and only for the reasons they cover; the
/// 740.2 restrictions come first. An exception the facts rule out is listed with `available: false`
/// and why; one whose conditions the facts do not settle is listed with those conditions unmet.
/// (An extension of the evaluation, which it reads in place rather than copying it.)
extension Evaluation {
    /// The list-based exceptions an entry's lines may name, in the order they are tried.
    static let listBasedCodes = ["LVS", "GBS", "TSR", "STA", "ENC", "APP", "ACE", "IEC", "HBM", "NAC/ACA", "GOV", "TSU", "AIA", "ACM", "LPP"]

    /// The requirement findings exceptions may address: CCL-based ones (GP1-GP3 and UN rows) and embargoes.
    func exceptionCandidates() -> [LicenseExceptionCandidate] {
        // Positions, not copies: a finding is a large value and most of its fields are not read here.
        let required = findings.indices.filter { findings[$0].outcome == .licenseRequired }
        guard !required.isEmpty else { return [] }
        var blockers: [String] = []
        for index in required where findings[index].allowedExceptions == [] {
            let finding = findings[index]
            blockers.append("\(finding.prohibition ?? "") \(finding.reason) requires a license that no license exception overcomes (740.2(a); \(finding.citation))")
        }
        if let prohibited = findings.first(where: { $0.outcome == .prohibited }) {
            blockers.append("a prohibition (\(prohibited.prohibition ?? "")) applies; no license exception authorizes the transaction")
        }
        let limited = required.contains { findings[$0].allowedExceptions?.isEmpty == false }
        func restriction(_ code: String) -> [String] {
            guard limited else { return blockers }
            var reasons = blockers
            for index in required {
                guard let list = findings[index].allowedExceptions, !list.isEmpty, !list.contains(code) else { continue }
                reasons.append("\(findings[index].citation) allows only \(list.joined(separator: ", "))")
            }
            return reasons
        }
        var result: [LicenseExceptionCandidate] = []
        if let entry, required.contains(where: { Self.isListBased(findings[$0].prohibition) }) {
            let covers = required.compactMap { Self.isListBased(findings[$0].prohibition) ? findings[$0].reason : nil }
            let lines = entry.lines()
            for screened in lines.screened {
                if Self.aiDiffusionCodes.contains(screened.code) && !policy.aiDiffusionEnforced { continue }
                var candidate = listBasedCandidate(screened, sta: lines.sta, entry: entry, covers: covers)
                let restricted = restriction(screened.code)
                if !restricted.isEmpty {
                    candidate.available = false
                    candidate.unmet = restricted + candidate.unmet
                }
                result.append(candidate)
            }
        }
        guard limited else { return result }
        var seen = Set(result.map(\.code))
        for index in required {
            guard let list = findings[index].allowedExceptions else { continue }
            for code in list where !seen.contains(code) {
                seen.insert(code)
                let covers = required.compactMap { findings[$0].allowedExceptions?.contains(code) == true ? findings[$0].reason : nil }
                var candidate = transactionCandidate(code, covers: covers)
                let restricted = restriction(code)
                if !restricted.isEmpty {
                    candidate.available = false
                    candidate.unmet = restricted + candidate.unmet
                }
                result.append(candidate)
            }
        }
        return result
    }

    /// The exceptions only the AI Diffusion rule's text creates.
    private static let aiDiffusionCodes: Set<String> = ["AIA", "ACM", "LPP"]

    /// Whether a finding of `prohibition` is list-based (GP1-GP3), which the entry's own lines address.
    private static func isListBased(_ prohibition: String?) -> Bool {
        prohibition == "GP1" || prohibition == "GP2" || prohibition == "GP3"
    }

    func section(_ code: String) -> String {
        book.exceptionSections[code] ?? "Part 740"
    }

    /// `the conditions of 740.x: summary`, written once per code at load when the tables name it.
    private func conditions(_ code: String) -> String {
        book.exceptionConditions[code]
            ?? "the conditions of \(section(code))" + (reference.licenseExceptions[code].map { ": \($0.summary)" } ?? "")
    }

    private var inGroupB: Bool? {
        destination.groupsKnown ? destination.groups.contains(.b) : nil
    }

    private func groupB(_ unmet: inout [String], _ available: inout Bool, _ code: String) {
        switch inGroupB {
        case true?: break
        case false?:
            available = false
            unmet.append("\(destination.name) is not in Country Group B (\(section(code)))")
        case nil:
            available = false
            unmet.append("country group data missing for \(destination.name): Country Group B membership unknown")
        }
    }

    /// An exception named on the entry's own lines: what the line says of the item's paragraph, the reasons
    /// and groups it excludes, then the exception's own conditions. A condition the request does not settle
    /// (a finer paragraph, a fact, the shipment value) leaves the exception unavailable, naming it.
    private func listBasedCandidate(
        _ screened: CompiledEntry.ScreenedLine, sta: STALine?, entry: CompiledEntry, covers: [String]
    ) -> LicenseExceptionCandidate {
        var available = true
        var unmet: [String] = []
        let code = screened.code
        let read = screened.line
        let line = read.text
        let quoted = screened.quoted
        if read.notApplicable {
            return LicenseExceptionCandidate(
                code: code, citation: section(code), available: false,
                unmet: ["\(entry.eccn)'s \(code) line reads \"\(line.isEmpty ? "(empty)" : line)\""], covers: covers)
        }
        if code == "STA" {
            return staCandidate(read, sta: sta, entry: entry, covers: covers)
        }
        for reason in covers where !read.excludedReasons.isEmpty {
            let base = String(reason.prefix(2))
            if read.excludedReasons.contains(base) {
                available = false
                unmet.append("\(quoted) excludes \(base)")
            }
        }
        for group in read.excludedGroups where destination.groups.contains(group) {
            available = false
            unmet.append("\(quoted) excludes Country Group \(group.rawValue), and \(destination.name) is in it")
        }
        var limit: Int?
        switch read.eligibility(of: item.paragraph, fact: { statedFact(for: $0) }) {
        case .eligible(let stated): limit = stated
        case .ineligible(let why):
            available = false
            unmet.append("\(quoted): \(itemText) is not eligible: \(why)")
        case .depends(let what):
            available = false
            unmet.append("\(quoted): eligibility of \(itemText) not settled: \(what)")
        }
        switch code {
        case "LVS":
            groupB(&unmet, &available, code)
            lvsValue(limit: limit, entry: entry, &unmet, &available)
        case "GBS":
            groupB(&unmet, &available, code)
        case "TSR":
            if !["D", "E"].contains(entry.productGroup) { available = false; unmet.append("TSR covers software and technology only") }
            groupB(&unmet, &available, code)
            unmet.append("a written assurance from the consignee (740.6(a))")
        case "ENC":
            if destination.groups.contains(.e1) || destination.groups.contains(.e2) {
                available = false
                unmet.append("ENC is not available to Country Groups E:1/E:2 (740.17)")
            }
            unmet.append("classification or self-classification under 740.17(b), and reporting under 740.17(e)")
            unmet.append(quoted)
        default:
            if available {
                unmet.append(conditions(code))
            }
        }
        return LicenseExceptionCandidate(code: code, citation: section(code), available: available, unmet: unmet, covers: covers)
    }

    /// LVS needs the shipment's value: without it the exception is unavailable, naming the limit.
    private func lvsValue(limit stated: Int?, entry: CompiledEntry, _ unmet: inout [String], _ available: inout Bool) {
        let limits = stated.map { [$0] } ?? entry.lvsValues
        guard let value = request.valueUSD else {
            available = false
            let words = limits.isEmpty ? "no limit stated" : "limit " + limits.map { "$\($0)" }.joined(separator: " or ")
            unmet.append("value not given (\(words)): give --value; LVS allows only shipments up to the limit (\(section("LVS")))")
            return
        }
        guard let limit = stated ?? (limits.count == 1 ? limits.first : nil) else {
            available = false
            unmet.append("the LVS line states no single dollar limit for \(itemText) (\(limits.map { "$\($0)" }.joined(separator: ", ")))")
            return
        }
        if value > Double(limit) {
            available = false
            unmet.append("the shipment value $\(Self.money(value)) exceeds the LVS limit of $\(limit) (\(section("LVS")))")
        }
    }

    private func transactionCandidate(_ code: String, covers: [String]) -> LicenseExceptionCandidate {
        var available = true
        var unmet: [String] = []
        if code == "SPP" {
            if isEAR99 {
                if request.parties.isEmpty {
                    unmet.append("the consignee and end user must not be restricted parties: screen them (--party)")
                }
                if findings.contains(where: { ["GP4", "GP5"].contains($0.prohibition ?? "") && $0.outcome >= .needsReview }) {
                    available = false
                    unmet.append("SPP does not cover transactions with restricted parties or end uses")
                }
                unmet.append("the conditions of License Exception SPP (90 FR 42315)")
            } else {
                available = false
                unmet.append("SPP covers EAR99 items only")
            }
        } else {
            unmet.append(conditions(code))
        }
        return LicenseExceptionCandidate(code: code, citation: code == "SPP" ? "90 FR 42315 (Syria)" : section(code), available: available, unmet: unmet, covers: covers)
    }

    static func money(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value))" : String(format: "%.2f", value)
    }
}
