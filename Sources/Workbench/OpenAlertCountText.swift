import Store

/// How the home page writes open-alert counts: exact below the cap the store counts to, "1,000+" from it on
/// (`OpenAlertCount.atLeast`), and a sum of cells with any such cell as a lower bound too.
enum OpenAlertCountText {
    /// The sum of `counts` (one cell, a row or the whole table); "0" when there are none.
    static func text(_ counts: [OpenAlertCount]) -> String {
        let total = counts.map(\.count).reduce(0, +)
        return grouped(total) + (counts.contains { $0.atLeast } ? "+" : "")
    }

    /// `value` with a comma between each group of three digits.
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }
}
