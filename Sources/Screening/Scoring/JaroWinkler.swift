/// Jaro-Winkler similarity of two byte strings, in [0, 1].
///
/// The usual measure for names: it forgives transpositions and rewards a shared prefix, which is
/// where typists err least. Works on folded ASCII bytes with no allocation for words up to 64 bytes.
enum JaroWinkler {
    /// The highest similarity words of these lengths can reach (every letter of the shorter one matched
    /// in order, four letters of prefix shared): a pair below a threshold by this is never compared.
    /// Worked out with `similarity`'s own expressions, so a pair that reaches the bound gets exactly it.
    static func bound(_ first: Int, _ second: Int) -> Double {
        guard first > 0, second > 0 else { return 0 }
        let jaro = (1 + Double(min(first, second)) / Double(max(first, second)) + 1) / 3  // matches / shorter, / longer, unswapped share
        return jaro + Double(4) * 0.1 * (1 - jaro)
    }

    static func similarity(_ a: [UInt8], _ b: [UInt8]) -> Double {
        if a == b { return a.isEmpty ? 0 : 1 }
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        let window = max(0, long.count / 2 - 1)
        return withUnsafeTemporaryAllocation(of: Bool.self, capacity: short.count + long.count) { flags in
            flags.initialize(repeating: false)
            var matches = 0
            for i in 0..<short.count {
                let lower = max(0, i - window), upper = min(long.count - 1, i + window)
                guard lower <= upper else { continue }
                for j in lower...upper where !flags[short.count + j] && short[i] == long[j] {
                    flags[i] = true
                    flags[short.count + j] = true
                    matches += 1
                    break
                }
            }
            guard matches > 0 else { return 0 }
            var transpositions = 0, j = 0
            for i in 0..<short.count where flags[i] {
                while !flags[short.count + j] { j += 1 }
                if short[i] != long[j] { transpositions += 1 }
                j += 1
            }
            let m = Double(matches)
            let jaro = (m / Double(short.count) + m / Double(long.count) + (m - Double(transpositions / 2)) / m) / 3
            var prefix = 0
            while prefix < min(4, short.count) && short[prefix] == long[prefix] { prefix += 1 }
            return jaro + Double(prefix) * 0.1 * (1 - jaro)
        }
    }
}
