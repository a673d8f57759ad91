import Foundation
import DataFormats
import Testing

/// The one CSV reader: line endings, delimiters, strict against lenient, and streaming equal to whole text.
@Suite("CSV reader: line endings, delimiters, strict and lenient, streaming")
struct CSVReaderTests {
    private func lenient(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> [CSVRecord] {
        CSVReader.records(in: Data(text.utf8), delimiter: delimiter)
    }

    @Test("a file whose lines end in a lone CR reads as LF and CRLF files read, with the same lines")
    func carriageReturnOnlyLineEnds() throws {
        let lf = lenient("id,name\n1,\"two\nlines\"\n2,x\n")
        let cr = lenient("id,name\r1,\"two\rlines\"\r2,x\r")
        let crlf = lenient("id,name\r\n1,\"two\r\nlines\"\r\n2,x\r\n")
        #expect(cr.map(\.fields) == [["id", "name"], ["1", "two\rlines"], ["2", "x"]])
        #expect(cr.map(\.line) == [1, 2, 4])
        #expect(lf.map(\.line) == [1, 2, 4])
        #expect(crlf.map(\.line) == [1, 2, 4])
        #expect(cr.allSatisfy { $0.complete && $0.terminated })
        var stream = CSVReader()
        var streamed: [CSVRecord] = []
        for byte in Array("id,name\r1,\"two\rlines\"\r2,x\r".utf8) { streamed += try stream.feed([byte]) }
        streamed += try stream.finish()
        #expect(streamed == cr)
    }

    @Test("the delimiter is an option: tab and pipe split fields, commas then stay in them")
    func delimiterOption() throws {
        #expect(lenient("a\t\"b\tc\"\td,e\n", delimiter: UInt8(ascii: "\t")).map(\.fields) == [["a", "b\tc", "d,e"]])
        let pipe = CSVOptions(delimiter: UInt8(ascii: "|"), mode: .strict)
        #expect(try CSVReader.records(in: Data("a|\"b|c\"|d,e\n".utf8), options: pipe).map(\.fields) == [["a", "b|c", "d,e"]])
        var stream = CSVReader(pipe)
        let streamed = try stream.feed(Array("x|\"y\n|z\"|w\n1|".utf8)) + stream.feed(Array("2|3\n".utf8)) + stream.finish()
        #expect(streamed.map(\.fields) == [["x", "y\n|z", "w"], ["1", "2", "3"]])
    }

    @Test("strict refuses what lenient keeps and notes: stray quotes, text after a quote, unclosed quotes, a bare CR")
    func strictAgainstLenient() {
        let cases: [(String, CSVError, CSVFault?)] = [
            ("a,b\n1,x\"y\n", CSVError(line: 2, column: 2, problem: .strayQuote), .quoteInUnquotedField(column: 2)),
            ("a,b\n\"p\nq\"r,s\n", CSVError(line: 3, column: 1, problem: .strayQuote), .textAfterClosingQuote(column: 1)),
            ("a,b\n1,\"open\n", CSVError(line: 2, column: 2, problem: .unterminatedQuote), .unterminatedQuote(column: 2, line: 2)),
            ("a,b\r1,2\r\n", CSVError(line: 1, column: 2, problem: .bareCarriageReturn), nil),
        ]
        for (text, error, fault) in cases {
            #expect(throws: error) { try CSVReader.records(in: Data(text.utf8), options: .strict) }
            let records = lenient(text)
            #expect(records.count == 2, "\(text.debugDescription)")
            #expect(records.last?.fault == fault, "\(text.debugDescription)")
        }
        #expect(lenient("a,b\n1,\"open\n").last?.complete == false)
        #expect(lenient("a,b\n1,x\"y\n").last?.fields == ["1", "x\"y"])
    }

    @Test("strict keeps blank lines as records and the end of the text as it is; lenient skips them")
    func blankLinesAndTheEnd() throws {
        let text = "a,b\n\n1,2\n\n"
        #expect(try CSVReader.records(in: Data(text.utf8), options: .strict).map(\.fields) == [["a", "b"], [""], ["1", "2"], [""]])
        #expect(lenient(text).map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(lenient("a,b\n1,2").last?.terminated == false)
        #expect(lenient("a,b\n1,2\r\n\u{1A}").last?.terminated == true)
        #expect(throws: CSVError(line: 2, column: 2, problem: .text(.controlCharacter("\u{1A}")))) {
            try CSVReader.records(in: Data("a,b\n1,2\u{1A}".utf8), options: .strict)
        }
    }

    @Test("fed in seeded random chunks, every mode reads the same records, or fails the same way, as from the whole text")
    func streamingEqualsWholeText() {
        var random = SplitMix64(state: 18)
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("Zürich".utf8), Array("12".utf8), [0x2C], [0x2C], [0x09], [0x7C], [0x22], [0x22], [0x22, 0x22],
            [0x0A], [0x0A], [0x0D], [0x0D, 0x0A], [0x1A], [0x00], [0xFF], [0x20],
        ]
        let modes: [CSVOptions] = [
            .strict, .input, .published, CSVOptions(delimiter: UInt8(ascii: "\t"), mode: .lenient),
            CSVOptions(delimiter: UInt8(ascii: "|"), mode: .strict),
        ]
        for round in 0..<400 {
            var bytes: [UInt8] = round % 7 == 0 ? [0xEF, 0xBB, 0xBF] : []
            for _ in 0..<Int.random(in: 0...60, using: &random) {
                bytes += pieces[Int.random(in: 0..<pieces.count, using: &random)]
            }
            for options in modes {
                let whole = Result { () throws(CSVError) in try CSVReader.records(in: Data(bytes), options: options) }
                var reader = CSVReader(options)
                let streamed = Result { () throws(CSVError) -> [CSVRecord] in
                    var records: [CSVRecord] = []
                    var start = 0
                    while start < bytes.count {
                        let end = min(bytes.count, start + Int.random(in: 1...8, using: &random))
                        records += try reader.feed(bytes[start..<end])
                        start = end
                    }
                    return records + (try reader.finish())
                }
                #expect(streamed == whole, "round \(round), \(options): \(bytes)")
            }
        }
    }
}

/// A seeded generator (SplitMix64), so every run cuts the same chunks.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
