/// A loose sound key for names romanised by systems no table lists: Chinese in pinyin, Wade-Giles or
/// Russian-style (Palladius) spelling, Russian names in English, French, German or GOST spelling,
/// Arabic and Persian with w or v.
///
/// Where `PhoneticKey.skeleton` drops vowels (right for Arabic, whose script writes none), this key
/// keeps them, because a Chinese syllable is mostly vowel, and merges what romanisations disagree
/// on: every hissing sound (x, hs, s, sh, z, zh, j, ch, c, ts, tz, tsz, czz, chzh, dzh, sch, tsch) is
/// one sound, voiced and voiceless stops are one (b/p, d/t, g/k), w = v, h and kh are silent, -ng =
/// -n, -ong = -un (Palladius "Dun" for Dong), y = i, ou = u, gue = ge, a glide (i, y, j) between a
/// hissing sound or a vowel and a vowel is dropped (xiao, hsiao, syao, ksiao give "sao"; Sergejewitsch
/// and Sergeevich meet), and doubled letters are single. Pinyin "uo" is "o" (zuo / tso / czo), "uei"
/// is "ui" (kuei / gui), Palladius "yuj" is "yu", initial "wu" is "u"; English "ee", "oo" and "ow" are
/// i, u and u (Lee / Li, Chow / Zhou; or "ow" is German -ov: Kusnezow / Kuznetsov) and Cantonese "eung"
/// is "ang" (Cheung / Zhang); Wade-Giles "ssu", "szu" and "tzu" are "si" (Kungssu / Gongsi). Letters
/// that systems read differently give one key per reading: q (k in Arabic, a hissing sound in pinyin),
/// x (a hissing sound in pinyin, kh in GOST Russian), j (zh in English and French, y in German), c (k
/// or s), gu before e or i (a hard g in French "Evgueni", g and u in pinyin "gui", Wade-Giles "kuei")
/// and "ow" (see above). A word written in pinyin (without the apostrophe a vowel-initial syllable
/// would need, so not "Maria") gets two readings more, of the sounds other systems spell with other
/// letters: its initial r (Wade-Giles j, Palladius zh: Rui / Jui / Zhui) and its e after g, k or h
/// (Wade-Giles o: Hemu / Homu).
enum RomanisationKey {
    /// The keys of `word`, one per reading of its ambiguous letters (at most eight).
    static func keys(_ word: [UInt8]) -> [[UInt8]] {
        guard word.count >= 2 else { return [] }
        var ambiguous: Reading = []
        for (index, byte) in word.enumerated() {
            let next = index + 1 < word.count ? word[index + 1] : 0
            switch byte {
            case q: ambiguous.insert(.qAsK)
            case x: ambiguous.insert(.xSilent)
            case j: ambiguous.insert(.jAsGlide)
            case c where next == h: break
            case c: ambiguous.insert(.cAsK)
            case g where next == u && index + 2 < word.count && (word[index + 2] == e || word[index + 2] == i):
                ambiguous.insert(.guAsHardG)
            case o where next == w && (index + 2 == word.count || !isVowel(word[index + 2])): ambiguous.insert(.owAsOv)
            case r where index == 0 || word[index - 1] != e: ambiguous.insert(.pinyinR)
            case e where isBareE(word, index): ambiguous.insert(.pinyinE)
            default: break
            }
        }
        if !ambiguous.isDisjoint(with: [.pinyinR, .pinyinE]), !PinyinSyllables.isPinyin(word, apostropheFree: true) {
            ambiguous.subtract([.pinyinR, .pinyinE])
        }
        var readings: [Reading] = [[]]
        for flag in Reading.all where ambiguous.contains(flag) && readings.count < 8 {
            readings += readings.map { $0.union(flag) }
        }
        var keys: [[UInt8]] = []
        for reading in readings {
            let key = key(word, reading: reading)
            if !key.isEmpty, !keys.contains(key) { keys.append(key) }
        }
        return keys
    }

    /// Which way each ambiguous letter is read.
    struct Reading: OptionSet, Hashable {
        let rawValue: UInt8
        static let qAsK = Reading(rawValue: 1)
        static let xSilent = Reading(rawValue: 2)
        static let jAsGlide = Reading(rawValue: 4)
        static let cAsK = Reading(rawValue: 8)
        /// French "gue", "gui": the u only keeps the g hard.
        static let guAsHardG = Reading(rawValue: 16)
        /// A pinyin word's r as the hushing sound Wade-Giles writes j and Palladius zh.
        static let pinyinR = Reading(rawValue: 32)
        /// A pinyin word's e after g, k or h as the o Wade-Giles writes.
        static let pinyinE = Reading(rawValue: 64)
        /// "ow" before a consonant or at the end as German writes Russian -ov (Kusnezow / Kuznetsov), not English "ou" (Chow).
        static let owAsOv = Reading(rawValue: 128)
        static let all: [Reading] = [.qAsK, .xSilent, .jAsGlide, .cAsK, .guAsHardG, .owAsOv, .pinyinR, .pinyinE]
    }

    private static let s = UInt8(ascii: "s"), k = UInt8(ascii: "k"), t = UInt8(ascii: "t"), p = UInt8(ascii: "p")
    private static let v = UInt8(ascii: "v"), n = UInt8(ascii: "n"), i = UInt8(ascii: "i"), u = UInt8(ascii: "u")
    private static let q = UInt8(ascii: "q"), x = UInt8(ascii: "x"), j = UInt8(ascii: "j"), c = UInt8(ascii: "c")
    private static let h = UInt8(ascii: "h"), g = UInt8(ascii: "g"), o = UInt8(ascii: "o"), e = UInt8(ascii: "e")
    private static let y = UInt8(ascii: "y"), a = UInt8(ascii: "a"), r = UInt8(ascii: "r"), z = UInt8(ascii: "z")
    private static let w = UInt8(ascii: "w")

    /// Hissing and hushing spellings, longest first: each becomes one "s". (j, x, c, ch and q are read apart.)
    private static let hissing: [[UInt8]] = ["tsch", "chzh", "czz", "dzh", "tsz", "sch", "tch", "zh", "sh", "ts", "tz", "dz", "hs", "dj", "cz", "z", "s"]
        .map { Array($0.utf8) }

    private static func isVowel(_ byte: UInt8) -> Bool {
        byte == a || byte == e || byte == i || byte == o || byte == u || byte == y
    }

    /// The pinyin final "e" after g, k or h (ge, ke, he; not gei, gen, geng, her), which Wade-Giles writes "o".
    private static func isBareE(_ word: [UInt8], _ index: Int) -> Bool {
        guard index > 0, word[index - 1] == g || word[index - 1] == k || word[index - 1] == h else { return false }
        let next = index + 1 < word.count ? word[index + 1] : 0
        return next != n && next != r && next != i
    }

    static func key(_ word: [UInt8], reading: Reading) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        func append(_ byte: UInt8) {
            if out.last != byte { out.append(byte) }
        }
        func starts(_ pattern: [UInt8]) -> Bool {
            index + pattern.count <= word.count && word[index..<(index + pattern.count)].elementsEqual(pattern)
        }
        func at(_ offset: Int) -> UInt8 { index + offset < word.count ? word[index + offset] : 0 }
        /// A glide between a hissing sound or a vowel and a vowel is not written by every system.
        func isGlide() -> Bool {
            guard let last = out.last, last == s || isVowel(last) || last == i else { return false }
            let next = at(1)
            return next != 0 && (isVowel(next) || (next == j && reading.contains(.jAsGlide)))
        }
        while index < word.count {
            let byte = word[index], next = at(1)
            if index == 0, byte == k, next == s {  // Russian-style "ksiao" for xiao
                append(s)
                index += 2
                continue
            }
            if index == 0, byte == y || byte == j || byte == i, next == e {
                index += 1  // Yevgeny, Jewgeni, Evgeny; Yelena, Jelena, Elena
                continue
            }
            if byte == g, next == u, at(2) == e || at(2) == i, reading.contains(.guAsHardG) {
                append(k)  // French "gue", "gui": Evgueni
                index += 2
                continue
            }
            if (byte == s && (next == s || next == z)) || (byte == t && next == z), at(2) == u, !isVowel(at(3)), index == 0 || !isVowel(word[index - 1]) {
                append(s)  // Wade-Giles "ssu", "szu", "tzu" for pinyin si, zi
                append(i)
                index += 3
                continue
            }
            if byte == k, next == h {
                index += 2  // kh is h (Palladius "Khuan" for Huan, Khalid / Halid)
                continue
            }
            if byte == c, next == h, !starts(Array("chzh".utf8)) {
                append(s)
                index += 2
                continue
            }
            if let match = hissing.first(where: starts) {
                append(s)
                index += match.count
                continue
            }
            switch byte {
            case q: append(reading.contains(.qAsK) ? k : s)
            case x: if !reading.contains(.xSilent) { append(s) }
            case c: append(reading.contains(.cAsK) ? k : s)
            case j:
                if reading.contains(.jAsGlide) {
                    if !isGlide() { append(i) }
                } else {
                    append(s)
                }
            case e where next == e:  // English "ee" is i (Lee / Li, Saeed / Said)
                append(i)
                index += 1
            case e where next == u && at(2) == n && at(3) == g:  // Cantonese -eung is -ang (Cheung / Zhang, Leung / Liang)
                append(a)
                index += 1
            case e where out.last == u && (next == i || next == j || next == y):
                break  // pinyin "ui" is written "uei" by Wade-Giles and Palladius (Kuei / Gui, Khuej / Hui)
            case e where reading.contains(.pinyinE) && isBareE(word, index):
                append(o)
            case r where reading.contains(.pinyinR) && (index == 0 || word[index - 1] != e):
                append(s)
            case a, e:
                append(a)
            case o:
                if next == u || next == o {  // French "ou" and English "oo" are u
                    append(u)
                    index += 1
                } else if next == w && !isVowel(at(2)) && !reading.contains(.owAsOv) {  // English "ow" is "ou" (Chow / Zhou)
                    append(u)
                    index += 1
                } else if next == n, at(2) == g {  // -ong is Palladius -un
                    append(u)
                } else {
                    append(o)
                }
            case u:
                if next == o {
                    break  // pinyin "uo" is Wade-Giles and Palladius "o" after most consonants (zuo / tso / czo)
                } else if (next == i || next == j || next == y) && index > 0 && (word[index - 1] == i || word[index - 1] == y)
                    && !isVowel(at(2))
                {
                    append(u)  // Palladius "yuj", "iui" for yu: the closing glide is not written in pinyin
                    index += 1
                } else {
                    append(u)
                }
            case i, y:
                if !isGlide() { append(i) }
            case h:
                break
            case UInt8(ascii: "b"), p:
                append(p)
            case UInt8(ascii: "d"), t:
                append(t)
            case g:
                if index == 0 || word[index - 1] != n { append(k) }  // -ng is -n; the g of a next syllable stays (Mingguo / Ming-kuo)
            case UInt8(ascii: "w") where index == 0 && next == u:
                break  // pinyin "wu" is "u" to Palladius and Wade-Giles
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
