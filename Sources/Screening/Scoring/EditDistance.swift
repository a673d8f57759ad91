/// Optimal-string-alignment distance: inserting, deleting or replacing one letter, or swapping two
/// adjacent letters, each counts one edit — the slips a typist makes.
enum EditDistance {
    /// The number of edits between `a` and `b`, or nil when it is more than `limit`.
    /// Whether one word is the other with one letter doubled ("Adaam" / "Adam", "Kiireev" / "Kireev"): the
    /// commonest slip of typing and of romanisation (Hasan / Hassan), which rarely tells two names apart.
    static func isDoubling(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        let (long, short) = a.count > b.count ? (a, b) : (b, a)
        guard long.count == short.count + 1 else { return false }
        var at = 0
        while at < short.count && long[at] == short[at] { at += 1 }
        guard (at > 0 && long[at] == long[at - 1]) || (at + 1 < long.count && long[at] == long[at + 1]) else { return false }
        return long[(at + 1)...].elementsEqual(short[at...])
    }

    static func distance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int? {
        a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in distance(a, b, limit: limit) } }
    }

    /// `distance(_:_:limit:)` over letters in place.
    ///
    /// Only the band of cells within `limit` of the diagonal is computed: a cell further out is more
    /// than `limit` edits by its position alone. Every value is capped at `limit + 1`, which leaves
    /// the recurrence exact for every value up to `limit`.
    static func distance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int? {
        if abs(a.count - b.count) > limit { return nil }
        if a.elementsEqual(b) { return 0 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        let width = b.count + 1, cap = limit + 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
            rows.initialize(repeating: cap)
            // Three rows in rotation: two rows back, the previous row and the current row.
            var back = 0, previous = width, current = 2 * width
            for j in 0...min(b.count, limit) { rows[previous + j] = j }
            for i in 1...a.count {
                let low = max(1, i - limit), high = min(b.count, i + limit)
                rows[current + low - 1] = low == 1 ? min(i, cap) : cap
                if high < b.count { rows[current + high + 1] = cap }
                var smallest = rows[current + low - 1]
                for j in low...high {
                    let cost = a[i - 1] == b[j - 1] ? 0 : 1
                    var value = min(rows[previous + j] + 1, rows[current + j - 1] + 1, rows[previous + j - 1] + cost)
                    if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, rows[back + j - 2] + 1) }
                    value = min(value, cap)
                    rows[current + j] = value
                    smallest = min(smallest, value)
                }
                if smallest > limit { return nil }
                (back, previous, current) = (previous, current, back)
            }
            let result = rows[previous + b.count]
            return result <= limit ? result : nil
        }
    }

    /// The edits that turn the query word `a` into the listed word `b`, in reading order, for
    /// explanations: `'u' for 'i'`, `missing 'l'`, `extra 'h'`, `'ar' swapped`.
    static func edits(from a: [UInt8], to b: [UInt8]) -> [String] {
        let width = b.count + 1
        var table = [Int](repeating: 0, count: (a.count + 1) * width)
        for j in 0..<width { table[j] = j }
        for i in 0...a.count { table[i * width] = i }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in 1..<width {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[(i - 1) * width + j] + 1, table[i * width + j - 1] + 1, table[(i - 1) * width + j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, table[(i - 2) * width + j - 2] + 1) }
                table[i * width + j] = value
            }
        }
        func letter(_ byte: UInt8) -> String { "'" + String(UnicodeScalar(byte)) + "'" }
        var found: [String] = []
        var i = a.count, j = b.count
        while i > 0 || j > 0 {
            let here = table[i * width + j]
            if i > 0, j > 0, a[i - 1] == b[j - 1], table[(i - 1) * width + j - 1] == here {
                i -= 1
                j -= 1
            } else if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1], table[(i - 2) * width + j - 2] + 1 == here {
                found.append("'" + String(decoding: a[(i - 2)..<i], as: UTF8.self) + "' swapped")
                i -= 2
                j -= 2
            } else if i > 0, j > 0, table[(i - 1) * width + j - 1] + 1 == here {
                found.append("\(letter(a[i - 1])) for \(letter(b[j - 1]))")
                i -= 1
                j -= 1
            } else if i > 0, table[(i - 1) * width + j] + 1 == here {
                found.append("extra \(letter(a[i - 1]))")
                i -= 1
            } else {
                found.append("missing \(letter(b[j - 1]))")
                j -= 1
            }
        }
        return found.reversed()
    }
}
