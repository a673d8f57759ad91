import Foundation
import DataFormats

/// Which of an entity's names a match is on.
public enum NameKind: String, Sendable, Codable {
    case primary
    /// A strong alias (OFAC a.k.a. in alt.csv, UN `Good`, original script).
    case alias
    /// A weak alias (OFAC a.k.a. in remarks, UN `Low`): needs stronger evidence.
    case weakAlias = "weak-alias"
}

/// One name of one entity, as the index holds it.
struct IndexedName: Sendable {
    var entity: Int32
    /// Position of the entity's list in `ScreeningIndex.lists`.
    var list: Int16
    /// A person's name (or an untyped one without a legal form), whose middle names come and go.
    var personLike: Bool
    var kind: NameKind
    /// The list's alias label (`aka`, `original-script`), nil for the primary name.
    var label: String?
    var text: String
    /// Vocabulary ids of the informative words, in reading order.
    var tokens: [Int32]
    /// Vocabulary ids of each adjacent pair written together ("gazprom bank" → "gazprombank").
    var joined: [Int32]
    var legalForms: [String]
}

/// The immutable, shareable search structure over every loaded list.
///
/// Built once from parsed lists; all queries read it concurrently. Candidate names are found
/// through the words they share with the query (exactly, as a transliteration variant, by
/// consonant skeleton or romanisation key, or within two slips of typing), so a query never scans every name.
public struct ScreeningIndex: Sendable {
    public let lists: [ListMetadata]
    public let entities: [Entity]
    let names: [IndexedName]
    let vocabulary: Vocabulary
    let postings: Postings
    /// Total rarity weight of each name's words, to rank candidates by how much of them a query covers.
    let nameWeights: [Float]
    /// The entities' vessel and aircraft identifiers, as exact keys.
    let identifiers: IdentifierKeys
    /// The names made only of common words, by slot; see `CommonWordNames`.
    let commonWordNames: CommonWordNames

    /// Builds the index over `lists`.
    public init(lists: [ParsedList]) {
        self.lists = lists.map(\.metadata)
        var entities: [Entity] = []
        var listOfEntity: [Int16] = []
        for (position, list) in lists.enumerated() {
            entities.append(contentsOf: list.entities)
            listOfEntity.append(contentsOf: repeatElement(Int16(position), count: list.entities.count))
        }
        self.entities = entities
        self.identifiers = IdentifierKeys(entities: entities)

        let analyzed = Self.analyzeNames(of: entities)
        var builder = Vocabulary.Builder()
        var names: [IndexedName] = []
        names.reserveCapacity(analyzed.count)
        var entries: [(Int32, Int32)] = []
        entries.reserveCapacity(analyzed.count * 5)
        for (entity, kind, label, name) in analyzed {
            let informative = name.informative
            guard !informative.isEmpty else { continue }
            let nameID = Int32(names.count)
            var tokens: [Int32] = []
            var seen = Set<Int32>()
            for token in informative {
                let id = builder.add(token)
                tokens.append(id)
                if seen.insert(id).inserted { entries.append((id, nameID)) }
            }
            var joined: [Int32] = []
            for index in 0..<max(0, informative.count - 1) {
                let id = builder.addJoined(informative[index].text + informative[index + 1].text)
                joined.append(id)
                if seen.insert(id).inserted { entries.append((id, nameID)) }
            }
            let type = entities[Int(entity)].type
            names.append(IndexedName(
                entity: entity, list: listOfEntity[Int(entity)],
                personLike: type == .person || (type == .unknown && name.legalForms.isEmpty), kind: kind, label: label,
                text: name.original, tokens: tokens, joined: joined, legalForms: name.legalForms))
        }
        self.names = names
        self.vocabulary = builder.build(documentFrequency: entries, nameCount: names.count)
        self.postings = Postings(entries: entries, vocabularySize: vocabulary.count)
        self.nameWeights = Self.weights(of: names, vocabulary: vocabulary)
        self.commonWordNames = CommonWordNames(names: names, entities: entities, vocabulary: vocabulary)
    }

    init(lists: [ListMetadata], entities: [Entity], names: [IndexedName], vocabulary: Vocabulary, postings: Postings) {
        self.lists = lists
        self.entities = entities
        self.names = names
        self.vocabulary = vocabulary
        self.postings = postings
        self.nameWeights = Self.weights(of: names, vocabulary: vocabulary)
        self.identifiers = IdentifierKeys(entities: entities)
        self.commonWordNames = CommonWordNames(names: names, entities: entities, vocabulary: vocabulary)
    }

    private static func weights(of names: [IndexedName], vocabulary: Vocabulary) -> [Float] {
        names.map { name in name.tokens.reduce(0) { $0 + vocabulary.tokenWeight(Int($1)) } }
    }

    /// How many names (primary and aliases) the index holds.
    public var nameCount: Int { names.count }

    /// Every name of every entity, analysed in parallel: this is most of the build's work.
    private static func analyzeNames(of entities: [Entity]) -> [(Int32, NameKind, String?, AnalyzedName)] {
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount * 2, entities.count / 500 + 1))
        let chunkSize = (entities.count + chunkCount - 1) / max(1, chunkCount)
        let results = ConcurrentSlots<[(Int32, NameKind, String?, AnalyzedName)]>(count: chunkCount)
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            var out: [(Int32, NameKind, String?, AnalyzedName)] = []
            let start = chunk * chunkSize, end = min(entities.count, start + chunkSize)
            guard start < end else { return results.set(chunk, out) }
            for index in start..<end {
                let entity = entities[index]
                out.append((Int32(index), .primary, nil, NameAnalyzer.analyze(entity.name, type: entity.type)))
                for alias in entity.aliases {
                    let kind: NameKind = alias.strength == .weak ? .weakAlias : .alias
                    out.append((Int32(index), kind, alias.kind, NameAnalyzer.analyze(alias.name, type: entity.type)))
                }
            }
            results.set(chunk, out)
        }
        return results.values.flatMap { $0 ?? [] }
    }
}
