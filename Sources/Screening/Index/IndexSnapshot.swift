import Crypto
import Foundation

/// A built index and the lists it was built from, as bytes: so a new process starts in milliseconds.
///
/// Parsing the government files and building the index takes about a second; reading a snapshot
/// takes a few dozen milliseconds. A snapshot is only ever a cache: it is keyed by the digests
/// of the list files, carries a SHA-256 of its own contents (a flipped bit must not change a
/// screening result), and any snapshot that is damaged or of another format is ignored.
public enum IndexSnapshot {
    /// Bump with any change to the snapshot layout. Changes to the word tables and to the rules that
    /// analyse names are noticed by themselves through `NameRulesFingerprint` (as far as its probe names
    /// reach: bump this too when a rule change leaves every probe as it was).
    public static let formatVersion = 13
    private static let magic = Array("CLEARANCE-INDEX".utf8)

    /// The snapshot of `lists` and the `index` built from them.
    public static func encode(lists: [ParsedList], index: ScreeningIndex) -> [UInt8] {
        let payload = encodePayload(lists: lists, index: index)
        var writer = BinaryWriter()
        writer.writeRaw(magic)
        writer.write(formatVersion)
        writer.writeRaw(Array(SHA256.hash(data: payload)))
        writer.write(payload)
        return writer.bytes
    }

    private static func encodePayload(lists: [ParsedList], index: ScreeningIndex) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(lists.count)
        for list in lists {
            list.metadata.write(to: &writer)
            writer.write(list.issues)
            writer.write(list.entities.count)
        }
        writer.write(index.entities)
        writer.write(index.names)
        index.vocabulary.write(to: &writer)
        index.postings.write(to: &writer)
        return writer.bytes
    }

    /// The lists and index in `bytes`; throws when the snapshot is of another format or damaged.
    public static func decode(_ bytes: [UInt8]) throws(SnapshotError) -> (lists: [ParsedList], index: ScreeningIndex) {
        var envelope = BinaryReader(bytes)
        guard (try? envelope.readRaw(UInt8.self)) == magic else { throw .damaged("not a Clearance index snapshot") }
        let version = try envelope.readInt()
        guard version == formatVersion else { throw .otherVersion(found: version, expected: formatVersion) }
        let digest = try envelope.readRaw(UInt8.self)
        // The payload is read where it lies: a copy of tens of megabytes would cost a cold start dearly.
        let payload = try envelope.readByteRange()
        guard envelope.isAtEnd, digest == Array(SHA256.hash(data: bytes[payload])) else {
            throw .damaged("its contents do not match their SHA-256")
        }
        var reader = BinaryReader(bytes, range: payload)
        var headers: [(ListMetadata, [ParseIssue], Int)] = []
        for _ in 0..<(try reader.readCount()) {
            headers.append((try ListMetadata(from: &reader), try reader.read([ParseIssue].self), try reader.readCount()))
        }
        let entities = try reader.read([Entity].self)
        let names = try reader.read([IndexedName].self)
        let vocabulary = try Vocabulary(from: &reader)
        let postings = try Postings(from: &reader)
        guard postings.fits(vocabularySize: vocabulary.count, nameCount: names.count),
            vocabulary.skeletons.fits(vocabularySize: vocabulary.count),
            vocabulary.romanisations.fits(vocabularySize: vocabulary.count), vocabulary.typos.map.fits(vocabularySize: vocabulary.count)
        else { throw .damaged("postings or word maps point outside the vocabulary or the names") }
        guard reader.isAtEnd else { throw .damaged("bytes left after the index") }
        guard headers.reduce(0, { $0 + $1.2 }) == entities.count else { throw .damaged("list sizes do not add up") }
        for name in names where name.entity < 0 || Int(name.entity) >= entities.count || Int(name.list) >= headers.count || name.list < 0 || (name.tokens + name.joined).contains(where: { $0 < 0 || Int($0) >= vocabulary.count }) {
            throw .damaged("a name points outside the entities or the vocabulary")
        }
        var lists: [ParsedList] = []
        var start = 0
        for (metadata, issues, count) in headers {
            lists.append(ParsedList(metadata: metadata, entities: Array(entities[start..<(start + count)]), issues: issues))
            start += count
        }
        let index = ScreeningIndex(
            lists: lists.map(\.metadata), entities: entities, names: names, vocabulary: vocabulary, postings: postings)
        return (lists, index)
    }
}
