/// A consonant skeleton of a word, so romanisations that differ in vowels and doubled letters meet.
///
/// Arabic script writes no short vowels, so ICU turns "محمد" into "mhmd"; the skeleton of
/// "Muhammad" is "mhmd" too. Similar-sounding consonants are merged (c/k/q → k, z → s, w/v → v,
/// ph → f, x → ks, j and dzh → g), vowels and y are dropped, and doubled letters are collapsed.
enum PhoneticKey {
    static func skeleton(_ word: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(word.count)
        var index = 0
        while index < word.count {
            var byte = word[index]
            let next: UInt8 = index + 1 < word.count ? word[index + 1] : 0
            switch byte {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"),
                UInt8(ascii: "y"):
                index += 1
                continue
            case UInt8(ascii: "p") where next == UInt8(ascii: "h"):
                byte = UInt8(ascii: "f")
                index += 1
            case UInt8(ascii: "d") where next == UInt8(ascii: "z") && index + 2 < word.count && word[index + 2] == UInt8(ascii: "h"):
                byte = UInt8(ascii: "g")  // "dzh" is how BGN writes the sound others write "j" (Radzhab / Rajab)
                index += 2
            case UInt8(ascii: "c"), UInt8(ascii: "q"):
                byte = UInt8(ascii: "k")
            case UInt8(ascii: "z"):
                byte = UInt8(ascii: "s")
            case UInt8(ascii: "x"):
                if out.last != UInt8(ascii: "k") { out.append(UInt8(ascii: "k")) }
                byte = UInt8(ascii: "s")
            case UInt8(ascii: "w"):
                byte = UInt8(ascii: "v")
            case UInt8(ascii: "j"):
                byte = UInt8(ascii: "g")
            default:
                break
            }
            if out.last != byte { out.append(byte) }
            index += 1
        }
        return out
    }
}
