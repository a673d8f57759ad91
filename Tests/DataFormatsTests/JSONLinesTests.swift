import Foundation
import DataFormats
import Testing

/// The one JSON-lines writer: documents from `JSONWriter`, text or `JSONEncoder`, each on its own line.
@Suite("JSON lines: one document per line")
struct JSONLinesTests {
    @Test("documents from a writer, from text and from an encoder are each ended by one line feed")
    func framing() throws {
        var writer = JSONWriter()
        writer.openObject()
        writer.key("n"); writer.number(0.5)
        writer.key("whole"); writer.number(3.0)
        writer.key("s"); writer.string("a\n\"b\"")
        writer.closeObject()
        var lines = JSONLines()
        #expect(lines.isEmpty)
        lines.append(writer)
        lines.append(#"{"x":null}"#)
        try lines.append(["k": "v/w"], using: JSONEncoder())
        #expect(String(decoding: lines.data, as: UTF8.self) == #"{"n":0.5,"whole":3,"s":"a\n\"b\""}"# + "\n" + #"{"x":null}"# + "\n" + #"{"k":"v\/w"}"# + "\n")
        lines.removeAll()
        #expect(lines.isEmpty)
    }
}
