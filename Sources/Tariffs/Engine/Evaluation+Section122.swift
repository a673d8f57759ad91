import DataFormats

/// The Section 122 layer (RULES.md C.3) and the review windows.
extension Evaluation {
    mutating func section122(_ applied232: [Metal232]) {
        for rate in data.countryRates.rows("*", on: date) where rate.program == .section122 {
            let heading = rate.headings[0]
            if let exemption = exemption(removing: heading, applied232) {
                excluded.append(ExcludedLayer(kind: .section122, heading: heading, why: "claim \(exemption.heading): \(exemption.why)"))
                continue
            }
            layers.append(
                DutyLayer(
                    kind: .section122, heading: heading, rate: rate.rate, base: request.value,
                    amount: request.value.applying(rate.rate), basis: rate.basis, effectiveFrom: rate.from,
                    effectiveTo: rate.to, inTotal: true, needs: []))
        }
    }

    // MARK: Review windows

    /// Adds the points the data cannot settle: windows open on the date for this good and origin that
    /// concern a layer that applies, a Section 232 heading covering the good, or an exemption used.
    mutating func reviewWindows() {
        var origins: [String] = []
        for window in data.support.reviews where window.covers(digits, on: date) {
            if window.origin != "*" {
                if origins.isEmpty { origins = [origin] + data.support.groups(of: origin, program: "reciprocal", on: date) }
                guard origins.contains(window.origin) else { continue }
            }
            let concerned = window.headingPrefixes.contains { prefix in
                prefix == "*" || coveringSection232.contains { $0.hasPrefix(prefix) }
                    || layers.contains { $0.heading.hasPrefix(prefix) }
                    || excluded.contains { data.support.exemptionHeadings.contains($0.heading) && $0.heading.hasPrefix(prefix) }
            }
            if concerned { review.append("\(window.why) (\(window.source))") }
        }
    }
}
