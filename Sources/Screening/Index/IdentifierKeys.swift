/// The vessel and aircraft identifiers the lists publish (IMO numbers, MMSI, call signs, tail numbers,
/// vessel registrations), as exact keys: a query that carries one finds its entry whatever the name.
///
/// Built from the entities whenever an index is built or read, so the snapshot format does not carry it.
struct IdentifierKeys: Sendable {
    /// A query's words that are a listed identifier.
    struct Hit: Sendable, Hashable {
        var entity: Int32
        /// The identifier as the list writes it, with its kind: `IMO 9187629`.
        var listed: String
        /// The query's words that carry it, label included (`imo 9187629`).
        var words: Range<Int>
    }

    private let keys: [String: [(entity: Int32, listed: String)]]

    /// The score of a match on an identifier: the same vessel or aircraft, renamed or not.
    static let score = 0.97

    /// Identifier kinds searched: those naming a vessel or an aircraft, not a person's papers.
    static func isSearchable(kind: String) -> Bool {
        let kind = kind.lowercased()
        return kind == "imo" || kind == "mmsi" || kind.contains("call sign") || kind.contains("tail number")
            || kind.contains("vessel registration")
    }

    init(entities: [Entity]) {
        var keys: [String: [(entity: Int32, listed: String)]] = [:]
        // The lists use a few dozen kinds for hundreds of thousands of identifiers: each kind is judged once.
        var searchable: [String: Bool] = [:]
        func isSearchable(_ kind: String) -> Bool {
            if let known = searchable[kind] { return known }
            let verdict = Self.isSearchable(kind: kind)
            searchable[kind] = verdict
            return verdict
        }
        for (position, entity) in entities.enumerated() {
            for identifier in entity.identifiers where isSearchable(identifier.kind) {
                guard let key = Self.key(identifier.value) else { continue }
                keys[key, default: []].append((Int32(position), "\(identifier.kind) \(identifier.value)"))
            }
        }
        self.keys = keys
    }

    /// Letters and digits of `value`, lowercased; nil unless it has a digit and four characters or more
    /// (shorter strings and words without digits are too often ordinary words).
    static func key(_ value: String) -> String? {
        let key = String(Folding.fold(value).filter { $0 != " " })
        guard key.utf8.count >= 4, key.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return key
    }

    /// Words that label the identifier after them and belong to it.
    private static let labels: Set<String> = ["imo", "mmsi", "callsign", "call", "sign", "no", "number", "tail", "reg"]

    /// The listed identifiers among `words` (folded query words): each word, and each two or three
    /// adjacent words written together ("5im 592"), with a label word before it ("imo") taken along.
    func hits(in words: [String]) -> [Hit] {
        guard !keys.isEmpty else { return [] }
        var found: [Hit] = []
        var start = 0
        while start < words.count {
            var matched = false
            for length in stride(from: min(3, words.count - start), through: 1, by: -1) {
                var text = words[start..<(start + length)].joined()
                for label in ["imo", "mmsi"] where text.hasPrefix(label) && text.utf8.count > label.utf8.count + 3 {
                    text = String(text.dropFirst(label.count))
                }
                guard let entries = keys[text] else { continue }
                var first = start
                while first > 0, Self.labels.contains(words[first - 1]) { first -= 1 }
                for entry in entries { found.append(Hit(entity: entry.entity, listed: entry.listed, words: first..<(start + length))) }
                start += length
                matched = true
                break
            }
            if !matched { start += 1 }
        }
        return found
    }
}
