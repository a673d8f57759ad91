/// Legal forms written with their words abbreviated: "Ltd Liability Co", "Jt Stk Co", "Pub Jt Stock Co".
extension Lexicon {
    /// Every legal form of two words or more, as its words, by the first letter of its first word.
    private static let phrasesByInitial: [UInt8: [(words: [[UInt8]], form: String)]] = {
        var table: [UInt8: [(words: [[UInt8]], form: String)]] = [:]
        for (spelling, form) in legalForms.sorted(by: { $0.key < $1.key }) {
            let words = spelling.split(separator: " ").map { Array($0.utf8) }
            guard words.count >= 2, let initial = words[0].first else { continue }
            table[initial, default: []].append((words, form))
        }
        return table
    }()

    /// The longest legal form of two words or more that `words` spell from `index` with each word
    /// either written out or abbreviated (see `abbreviates`), and how many words it takes.
    static func abbreviatedLegalForm(_ words: [String], at index: Int) -> (String, Int)? {
        guard let initial = words[index].utf8.first, let phrases = phrasesByInitial[initial] else { return nil }
        var best: (String, Int)?
        for phrase in phrases where index + phrase.words.count <= words.count && phrase.words.count > (best?.1 ?? 1) {
            let matches = phrase.words.indices.allSatisfy { offset in
                abbreviates(Array(words[index + offset].utf8), phrase.words[offset])
            }
            if matches { best = (phrase.form, phrase.words.count) }
        }
        return best
    }

    /// Whether `short` is `word` or an abbreviation of it: its first letter, then some of its other
    /// letters in order ("ltd" of "limited", "co" of "company", "stk" of "stock"), at least two letters.
    static func abbreviates(_ short: [UInt8], _ word: [UInt8]) -> Bool {
        if short == word { return true }
        guard short.count >= 2, short.count < word.count, short.first == word.first else { return false }
        var position = 1
        for byte in short.dropFirst() {
            while position < word.count && word[position] != byte { position += 1 }
            guard position < word.count else { return false }
            position += 1
        }
        return true
    }
}
