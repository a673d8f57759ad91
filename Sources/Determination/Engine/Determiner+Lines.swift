extension Determiner {
    /// What the CCL entry's `code` exception line (`GBS`, `LVS`, `TSR`, …) says of the paragraph `paragraph`
    /// of `eccn` (`["b"]`; empty: the bare ECCN), as the engine reads the line; nil when the entry has no such line.
    ///
    /// `facts` answer the line's conditions as `--fact` would (`component: true`). The reading the
    /// determination uses for the exception's paragraph test; the property tests compare it with the line's grammar.
    public func exceptionLineEligibility(
        eccn: String, code: String, paragraph: [String], facts: [String: Bool] = [:]
    ) -> LineEligibility? {
        guard let line = book.entries[eccn]?.exceptionLines[code] else { return nil }
        return line.eligibility(of: paragraph) { condition in
            guard let key = book.factKey(for: condition) else { return nil }
            if key.hasPrefix("!") { return facts[String(key.dropFirst())].map { !$0 } }
            return facts[key]
        }
    }
}
