import Foundation

/// Turns any written name into lowercase ASCII letters, digits and spaces.
///
/// Steps, in order: Unicode compatibility normalisation, transliteration of non-Latin scripts to
/// Latin (ICU: BGN/PCGN for Russian Cyrillic, `Any-Latin` for the rest), case, diacritic and width folding, and a few letters that folding
/// keeps (ß, æ, ø, ł, ı, ...). Apostrophes and Arabic ʿayn/hamza marks join their neighbours
/// ("O'Brien" → "obrien"); other punctuation separates words.
public enum Folding {
    /// The writing systems Clearance tells apart in explanations and evaluation.
    public enum Script: String, Sendable, Codable {
        case latin, arabic, cyrillic, chinese, japanese, korean, greek, hebrew, other
    }

    /// The first non-Latin script among `text`'s letters, or `.latin`.
    public static func script(of text: String) -> Script {
        for scalar in text.unicodeScalars where scalar.value >= 0x250 {
            switch scalar.value {
            case 0x370...0x3FF: return .greek
            case 0x400...0x52F: return .cyrillic
            case 0x590...0x5FF: return .hebrew
            case 0x600...0x6FF, 0x750...0x77F, 0x8A0...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .arabic
            case 0x3040...0x30FF: return .japanese
            case 0xAC00...0xD7AF, 0x1100...0x11FF: return .korean
            case 0x4E00...0x9FFF, 0x3400...0x4DBF: return .chinese
            case 0x1E00...0x1EFF: continue
            default: if scalar.properties.isAlphabetic { return .other }
            }
        }
        return .latin
    }

    /// The folded form of `text`: lowercase ASCII words separated by single spaces.
    public static func fold(_ text: String) -> String {
        var ascii = true
        for byte in text.utf8 where byte >= 0x80 {
            ascii = false
            break
        }
        let latin = ascii ? text : toLatinASCII(text)
        return String(decoding: foldASCII(Array(latin.utf8)), as: UTF8.self)
    }

    private static func toLatinASCII(_ text: String) -> String {
        var string = text.precomposedStringWithCompatibilityMapping
        let detected = script(of: string)
        if detected == .cyrillic {
            // Lists romanise Russian names the BGN/PCGN way (Slutskiy, Shcherbakov), not ISO 9.
            string = string.applyingTransform(russianBGN, reverse: false) ?? string
        }
        if detected != .latin {
            string = string.applyingTransform(.toLatin, reverse: false) ?? string
        }
        string = string.folding(options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: nil)
        var out = ""
        out.reserveCapacity(string.utf8.count)
        for scalar in string.unicodeScalars {
            if scalar.isASCII {
                out.unicodeScalars.append(scalar)
            } else if let replacement = letterReplacements[scalar] {
                out += replacement
            } else if joiningMarks.contains(scalar) {
                out += "'"
            } else if scalar.properties.isAlphabetic {
                continue
            } else {
                out += " "
            }
        }
        return out
    }

    private static let russianBGN = StringTransform("Russian-Latin/BGN")

    /// Letters that diacritic folding leaves alone.
    private static let letterReplacements: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
        "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ſ": "s", "ǝ": "e", "ə": "e",
    ]

    /// Marks that romanisations write inside words (ʿayn, hamza, curly apostrophes).
    private static let joiningMarks: Set<Unicode.Scalar> = [
        "\u{2BF}", "\u{2BE}", "\u{2BC}", "\u{2BB}", "\u{2018}", "\u{2019}", "\u{02B9}", "\u{02BA}", "\u{060C}",
    ]

    /// Lowercases ASCII bytes, joins across apostrophes and dotted initials, spaces the rest.
    static func foldASCII(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var wordLength = 0
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            let isWordByte = (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            if isWordByte {
                out.append(byte)
                wordLength += 1
            } else if byte == 0x27 || byte == 0x60 {
                // apostrophe: joins ("o'brien"), never separates
            } else if byte == 0x2E && wordLength == 1 && isInitial(bytes, at: index + 1) {
                // "J.P." → "jp", "S.A." → "sa": a dot between single letters joins them
                wordLength = 0
            } else {
                if let last = out.last, last != 0x20 { out.append(0x20) }
                wordLength = 0
            }
            index += 1
        }
        if out.last == 0x20 { out.removeLast() }
        return out
    }

    /// Whether `bytes[index]` is a letter standing alone (followed by a dot, a space or the end).
    private static func isInitial(_ bytes: [UInt8], at index: Int) -> Bool {
        guard index < bytes.count, isLetter(bytes[index]) else { return false }
        return index + 1 == bytes.count || !isLetter(bytes[index + 1])
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
