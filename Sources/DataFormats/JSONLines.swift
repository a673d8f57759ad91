import Foundation

/// JSON Lines: one compact JSON document per line, each ended by a line feed. Every JSON-lines output
/// (batch rows, ledger assessments, list entities, audit records, the gate's spool) is framed here.
///
/// Documents come from a `JSONWriter`, as compact JSON text, or from a `JSONEncoder` whose output
/// formatting does not pretty-print (a document must not span lines).
public struct JSONLines: Sendable {
    /// The lines written so far, each ended by `\n`.
    public private(set) var bytes: [UInt8] = []

    /// No lines yet.
    public init() {}

    /// Whether no line has been written.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The lines written so far.
    public var data: Data { Data(bytes) }

    /// Appends the document `writer` holds.
    public mutating func append(_ writer: JSONWriter) {
        bytes.append(contentsOf: writer.bytes)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends a document already written as compact JSON text (e.g. `JSONWriter.text`).
    public mutating func append(_ document: String) {
        bytes.append(contentsOf: document.utf8)
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Appends `value` as `encoder` encodes it.
    public mutating func append(_ value: some Encodable, using encoder: JSONEncoder) throws {
        bytes.append(contentsOf: try encoder.encode(value))
        bytes.append(UInt8(ascii: "\n"))
    }

    /// Empties the buffer to write the next batch of lines, keeping its capacity.
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }
}
