/// A loose sound key for names romanised by systems no table lists: Chinese in pinyin, Wade-Giles,
/// Russian-style (Palladius) or Cantonese-style spelling, Russian names in English, French or German
/// spelling, Arabic and Persian with w or v.
///
/// Where `PhoneticKey.skeleton` drops vowels (right for Arabic, whose script writes none), this key
/// keeps them, because a Chinese syllable is mostly vowel, and merges the consonants romanisations
/// disagree on: every hissing sound (x, hs, s, sh, z, zh, j, ch, c, ts, tz, tsz, chzh, dzh, sch, tsch)
/// is one sound, voiced and voiceless stops are one (b/p, d/t, g/k), w = v, h and kh are one and
/// silent, -ng = -n, y = i, ou = u, gue = ge, a leading y or j before e is silent, an i gliding from a hissing sound into a vowel is dropped (xiao,
/// hsiao, syao, ksiao all give "sao"), and doubled letters are single. Letters read two ways (q as k
/// or as a hissing sound) give two keys.
enum RomanisationKey {
    /// The keys of `word` (one, or two when a letter is read two ways); empty for words too short to key.
    static func keys(_ word: [UInt8]) -> [[UInt8]] {
        guard word.count >= 3 else { return [] }
        let ambiguous = word.contains(UInt8(ascii: "q"))
        var keys = [key(word, qAsK: false)]
        if ambiguous { keys.append(key(word, qAsK: true)) }
        return keys.filter { $0.count >= 2 }
    }

    private static let s = UInt8(ascii: "s"), k = UInt8(ascii: "k"), t = UInt8(ascii: "t"), p = UInt8(ascii: "p")
    private static let v = UInt8(ascii: "v"), n = UInt8(ascii: "n"), i = UInt8(ascii: "i"), u = UInt8(ascii: "u")

    /// Hissing and hushing spellings, longest first: each becomes one "s".
    private static let hissing: [[UInt8]] = ["tsch", "chzh", "dzh", "tsz", "sch", "tch", "zh", "ch", "sh", "ts", "tz", "dz", "hs", "dj", "x", "j", "z", "c", "s"]
        .map { Array($0.utf8) }

    static func key(_ word: [UInt8], qAsK: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        func append(_ byte: UInt8) {
            if out.last != byte { out.append(byte) }
        }
        func starts(_ pattern: [UInt8]) -> Bool {
            index + pattern.count <= word.count && word[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        while index < word.count {
            let byte = word[index]
            let next: UInt8 = index + 1 < word.count ? word[index + 1] : 0
            if index == 0, byte == k, next == s {  // Russian-style "ksiao" for xiao
                append(s)
                index += 2
                continue
            }
            if index == 0, byte == UInt8(ascii: "y") || byte == UInt8(ascii: "j") || byte == i, next == UInt8(ascii: "e") {
                index += 1  // Yevgeny, Jewgeni, Evgeny; Yelena, Jelena, Elena
                continue
            }
            if byte == UInt8(ascii: "g"), next == u, index + 2 < word.count, word[index + 2] == UInt8(ascii: "e") || word[index + 2] == i {
                append(k)  // French "gue", "gui": Evgueni
                index += 2
                continue
            }
            if byte == UInt8(ascii: "k"), next == UInt8(ascii: "h") {
                index += 2  // kh is h (Palladius "Khuan" for Huan, Khalid / Halid)
                continue
            }
            if byte == UInt8(ascii: "j"), index == word.count - 1, out.last == i {
                index += 1  // -ij is -iy
                continue
            }
            if byte == UInt8(ascii: "q") {
                append(qAsK ? k : s)
                index += 1
                continue
            }
            if let match = hissing.first(where: starts) {
                append(s)
                index += match.count
                continue
            }
            switch byte {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "o"):
                if byte == UInt8(ascii: "o"), next == u {  // French "ou" is u
                    append(u)
                    index += 2
                    continue
                }
                append(byte)
            case u:
                append(u)
            case i, UInt8(ascii: "y"):
                // An i gliding from a hissing sound into a vowel (xiao, syao, tsyuan) is not written by every system.
                let vowelNext = next != 0 && "aeiouy".utf8.contains(next)
                if out.last == s, vowelNext { break }
                append(i)
            case UInt8(ascii: "h"):
                break
            case UInt8(ascii: "b"), p:
                append(p)
            case UInt8(ascii: "d"), t:
                append(t)
            case UInt8(ascii: "g"):
                if out.last == n { break }  // -ng is -n
                append(k)
            case k:
                append(k)
            case UInt8(ascii: "w"), v:
                append(v)
            default:
                append(byte)
            }
            index += 1
        }
        return out
    }
}
