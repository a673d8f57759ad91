import BundledData
import Foundation
import Testing

@testable import Screening

/// The bundled lists' index, built once for the tests here.
private let bundledIndex: ScreeningIndex = {
    do {
        return ScreeningIndex(lists: try ListLoader.load(directory: BundledData.listsDirectory))
    } catch {
        fatalError("the bundled lists must load: \(error)")
    }
}()

/// `word` with `count` random slips (replace, delete, insert, swap), each at a fresh position.
func slipped(_ word: [UInt8], count: Int, using random: inout SplitMix64) -> [UInt8] {
    var bytes = word
    let letters = Array("abcdefghijklmnopqrstuvwxyz".utf8)
    for _ in 0..<count {
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: bytes[position] = letters.filter { $0 != bytes[position] }.randomElement(using: &random) ?? bytes[position]
        case 1 where bytes.count > 3: bytes.remove(at: position)
        case 2: bytes.insert(letters.randomElement(using: &random) ?? 0x61, at: position)
        default:
            if position + 1 < bytes.count { bytes.swapAt(position, position + 1) } else { bytes.insert(0x61, at: position) }
        }
    }
    return bytes
}

@Suite("Typo search: every listed word within two slips, without scanning the vocabulary")
struct TypoSearchTests {
    @Test("edit distance counts a swap of neighbours as one edit and names each edit")
    func editDistance() {
        func d(_ a: String, _ b: String) -> Int? { EditDistance.distance(Array(a.utf8), Array(b.utf8), limit: 2) }
        #expect(d("humanuty", "humanity") == 1)
        #expect(d("huamnity", "humanity") == 1)
        #expect(d("hmanityy", "humanity") == 2)
        #expect(d("hamunoty", "humanity") == nil)
        #expect(d("", "ab") == 2)
        #expect(EditDistance.edits(from: Array("nasralah".utf8), to: Array("nasrallah".utf8)) == ["missing 'l'"])
        #expect(EditDistance.edits(from: Array("humaniity".utf8), to: Array("humanity".utf8)) == ["extra 'i'"])
    }

    @Test("the index returns exactly the words a scan of the whole vocabulary finds within the allowed slips")
    func indexMatchesAFullScan() {
        let vocabulary = bundledIndex.vocabulary
        var random = SplitMix64(state: 13)
        let words = vocabulary.texts.indices.filter { !vocabulary.isNumber[$0] && vocabulary.texts[$0].count >= 3 }
        for round in 0..<300 {
            guard let id = words.randomElement(using: &random) else { return }
            let query = slipped(vocabulary.texts[id], count: 1 + round % 2, using: &random)
            var found = Set<Int32>()
            vocabulary.typos.forEachNeighbor(of: query) { id, _ in found.insert(id) }
            var scanned = Set<Int32>()
            for (other, text) in vocabulary.texts.enumerated() where !vocabulary.isNumber[other] && text.count >= 3 {
                let limit = TypoIndex.allowedEdits(query.count, text.count)
                if limit > 0, let distance = EditDistance.distance(query, text, limit: limit), distance > 0 { scanned.insert(Int32(other)) }
            }
            // Words first seen written together ("gazprombank") are filed with fewer slips; compare the rest.
            let joinedOnly = Set(scanned.filter { !vocabulary.sortedIDs.contains($0) })
            #expect(scanned.subtracting(joinedOnly).isSubset(of: found), "\(String(decoding: query, as: UTF8.self))")
        }
    }

    @Test("one or two random slips in a listed name still find it at the default threshold (seeded)")
    func randomSlipsInListedNames() {
        let screener = Screener(index: bundledIndex)
        var session = screener.makeSession()
        var random = SplitMix64(state: 2024)
        var found = 0, tried = 0
        while tried < 400 {
            guard let entity = bundledIndex.entities.randomElement(using: &random) else { return }
            var words = entity.name.split(separator: " ").map { Array($0.utf8) }
            let long = words.indices.filter { words[$0].count >= 6 && words[$0].allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) } }
            guard let target = long.randomElement(using: &random) else { continue }
            tried += 1
            words[target] = slipped(Array(String(decoding: words[target], as: UTF8.self).lowercased().utf8), count: 1 + tried % 2, using: &random)
            let query = words.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
            if session.screen(ScreeningQuery(name: query)).contains(where: { $0.entityID == entity.id }) { found += 1 }
        }
        #expect(Double(found) / Double(tried) >= 0.95, "found \(found) of \(tried)")
    }
}

@Suite("A letter doubled or undoubled is the same word, however short")
struct DoubledLetterTests {
    @Test("a doubling is one letter repeated beside itself, nothing else")
    func doublingIsRecognised() {
        for (a, b) in [("adaam", "adam"), ("herz", "heerz"), ("kiireev", "kireev"), ("jjoint", "joint"), ("ann", "an")] {
            #expect(EditDistance.isDoubling(Array(a.utf8), Array(b.utf8)), "\(a) / \(b)")
        }
        for (a, b) in [("adam", "adem"), ("adam", "adamo"), ("adam", "adamm"), ("adam", "adm"), ("adam", "adam"), ("abam", "adaam")] {
            #expect(EditDistance.isDoubling(Array(a.utf8), Array(b.utf8)) == (a == "adam" && b == "adamm"), "\(a) / \(b)")
        }
    }

    @Test("short words with a doubled letter each still alert on the listed name (one slip per word)")
    func doubledLettersInShortWordsAlert() {
        let found = Screener(index: bundledIndex).screen(ScreeningQuery(name: "ADAAM AL HEERZ", type: .person))
        #expect(found.contains { $0.entityID == "us-dpl:c327200ffc8149e5" })
    }
}

@Suite("Typo search keeps precision: resemblances are not identities")
struct TypoPrecisionTests {
    @Test("names whose words only resemble listed ones, or short words a slip apart, do not alert")
    func resemblancesDoNotAlert() {
        let screener = Screener(index: bundledIndex)
        for query in ["Sarah Scott", "Mendes", "Chen King"] {
            let found = screener.screen(ScreeningQuery(name: query))
            #expect(found.isEmpty, "\(query) alerted on \(found.map { "\($0.matchedName) \($0.score)" })")
        }
    }

    @Test("random names made of common given names and surnames rarely alert (seeded)")
    func randomNamesRarelyAlert() {
        let given = ["James", "Maria", "Robert", "Linda", "Michael", "Sarah", "David", "Emma", "Thomas", "Anna", "Carlos", "Sofia",
                     "Luis", "Priya", "Ahmed", "Fatima", "Olga", "Igor", "Hiroshi", "Yuki", "Pierre", "Claire", "Hans", "Ingrid"]
        let family = ["Johnson", "Williams", "Brown", "Miller", "Garcia", "Martinez", "Anderson", "Taylor", "Moore", "Jackson",
                      "Walker", "Young", "King", "Wright", "Scott", "Green", "Baker", "Adams", "Becker", "Schmidt", "Dubois",
                      "Rossi", "Tanaka", "Kowalski"]
        var session = Screener(index: bundledIndex).makeSession()
        var random = SplitMix64(state: 99)
        var alerts = 0
        let count = 400
        for _ in 0..<count {
            let name = "\(given.randomElement(using: &random) ?? "") \(family.randomElement(using: &random) ?? "")"
            if !session.screen(ScreeningQuery(name: name)).isEmpty { alerts += 1 }
        }
        #expect(Double(alerts) / Double(count) <= 0.02, "\(alerts) of \(count) random names alerted")
    }
}
