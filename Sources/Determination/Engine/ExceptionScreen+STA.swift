import Foundation

extension Evaluation {
    /// STA (740.20): the paragraph the destination's group allows ((c)(1) to A:5, (c)(2) to A:6), the reasons
    /// that paragraph may cover (`rules/sta_paragraphs.csv`), then the entry's own STA paragraph, whose
    /// restrictions close STA where they say, citing the line.
    func staCandidate(_ read: ExceptionLine, sta: STALine?, entry: CompiledEntry, covers: [String]) -> LicenseExceptionCandidate {
        var available = true
        var unmet: [String] = []
        let use: STAParagraph?
        if destination.groups.contains(.a5) {
            use = .c1
        } else if destination.groups.contains(.a6) {
            use = .c2
        } else {
            use = nil
            available = false
            let known = destination.groupsKnown ? "" : " (its country group data is missing)"
            unmet.append("\(destination.name) is in neither Country Group A:5 nor A:6\(known) (740.20(c))")
        }
        if let use {
            if let paragraph = book.regulation.staParagraphs[use] {
                for reason in covers where !paragraph.reasons.contains(String(reason.prefix(2))) {
                    available = false
                    unmet.append(
                        "STA \(use.rawValue) to \(paragraph.group.rawValue) covers only items controlled for "
                            + "\(paragraph.reasons.joined(separator: ", ")) reasons, not \(reason) (\(paragraph.citation); "
                            + "\(paragraph.location.file):\(paragraph.location.line), confidence \(paragraph.confidence))")
                }
            } else {
                available = false
                unmet.append("rules/sta_paragraphs.csv has no row for STA \(use.rawValue): the reasons it covers are unknown")
            }
            let place = entry.lineSources["STA"].map { " (\($0.file):\($0.line))" } ?? ""
            for restriction in sta?.restrictions ?? [] {
                let result = STALine.evaluate(
                    restriction, paragraph: item.paragraph, use: use, fact: { statedFact(for: $0) })
                switch result {
                case .doesNotApply: break
                case .applies:
                    available = false
                    unmet.append("\(entry.eccn)'s STA paragraph\(place) closes STA \(use.rawValue) for \(itemText): \"\(restriction.wording)\"")
                case .depends(let what):
                    available = false
                    unmet.append("\(entry.eccn)'s STA paragraph\(place) may close STA \(use.rawValue) for \(itemText), depending on \(what): \"\(restriction.wording)\"")
                }
            }
            unmet.append("STA \(use.rawValue): prior consignee statement and notification (740.20(d))")
            if let note = reference.countryGroups[destination.chartCode]?.note {
                unmet.append("country-group note: \(note)")
            }
        }
        return LicenseExceptionCandidate(code: "STA", citation: section("STA"), available: available, unmet: unmet, covers: covers)
    }
}
