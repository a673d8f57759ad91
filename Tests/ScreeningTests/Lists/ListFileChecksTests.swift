import Foundation
import Testing
@testable import Screening

extension ListParsing {
    /// The checks every list file passes before a parser reads it: UTF-8 text, XML well-formedness,
    /// strict CSV quoting and a complete last row.
    @Suite struct ListFileChecksTests {
        private static let unXML = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <CONSOLIDATED_LIST dateGenerated="2026-02-27T00:00:09.554Z">
              <INDIVIDUALS>
                <INDIVIDUAL>
                  <FIRST_NAME>ERIC</FIRST_NAME>
                  <SECOND_NAME>BADEGE</SECOND_NAME>
                  <REFERENCE_NUMBER>CDi.001</REFERENCE_NUMBER>
                </INDIVIDUAL>
              </INDIVIDUALS>
            </CONSOLIDATED_LIST>

            """

        private static func parseUN(_ bytes: [UInt8]) throws(ListLoadError) -> ParseOutput {
            try UNConsolidatedXML.parse(source: "un", file: ListFile(path: "un/x.xml", data: Data(bytes)))
        }

        /// `unXML` with `text` (once) replaced by `bytes`.
        private static func unXML(replacing text: String, with bytes: [UInt8]) -> [UInt8] {
            let source = Array(unXML.utf8)
            let needle = Array(text.utf8)
            guard let offset = source.firstOffset(of: needle) else { return source }
            return Array(source[..<offset]) + bytes + Array(source[(offset + needle.count)...])
        }

        // MARK: - Bytes that used to trap XMLParser

        @Test("an element name that is not UTF-8 is refused with its place, not handed to XMLParser (which trapped)")
        func invalidUTF8InAnElementNameIsRefused() {
            let bytes = Self.unXML(replacing: "<FIRST_NAME>", with: Array("<FIRST_".utf8) + [0xFF] + Array("AME>".utf8))
            let error = #expect(throws: ListLoadError.self) { try Self.parseUN(bytes) }
            #expect(error == .invalidText(file: "un/x.xml", line: 5, column: 14, offset: 163, detail: "bytes 0xFF 0x41 0x4D 0x45 are not UTF-8"))
            #expect(error?.description.hasPrefix("un/x.xml:5:14 (byte 163): not UTF-8 text") == true)
        }

        @Test("an attribute name or a comment that is not UTF-8 is refused (both trapped XMLParser)")
        func invalidUTF8InAttributeNamesAndCommentsIsRefused() {
            let attribute = Self.unXML(replacing: "dateGenerated", with: Array("date".utf8) + [0xC3, 0x28] + Array("enerated".utf8))
            let comment = Self.unXML(replacing: "<INDIVIDUALS>", with: Array("<INDIVIDUALS><!-- ".utf8) + [0xE2, 0x82] + Array(" -->".utf8))
            for bytes in [attribute, comment] {
                let error = #expect(throws: ListLoadError.self) { try Self.parseUN(bytes) }
                guard case .invalidText(let file, let line, _, _, _) = error else {
                    Issue.record("expected invalidText, got \(String(describing: error))")
                    continue
                }
                #expect(file == "un/x.xml")
                #expect(line == 2 || line == 3)
            }
        }

        @Test("NUL and other control bytes are refused; tab, line breaks and OFAC's final Ctrl-Z are not")
        func controlBytesAreRefusedExceptWhitespaceAndTheFinalControlZ() {
            #expect(TextCheck.fault(in: Data("a\tb\r\nc\n\u{1A}".utf8)) == nil)
            #expect(TextCheck.fault(in: Data("a\n\u{1A}\r\n\u{1A}".utf8)) == nil)
            #expect(TextCheck.fault(in: Data("ab\ncd\0e".utf8)) == TextFault(offset: 5, line: 2, column: 3, detail: "a NUL byte"))
            #expect(TextCheck.fault(in: Data("a\u{1A}b\n".utf8)) == TextFault(offset: 1, line: 1, column: 2, detail: "the control byte 0x1A"))
            #expect(TextCheck.fault(in: Data("\u{7}".utf8))?.detail == "the control byte 0x07")
        }

        @Test("overlong forms, surrogates, stray continuation bytes and Latin-1 are not UTF-8")
        func malformedUTF8IsRefused() {
            for bytes: [UInt8] in [[0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9, 0x20], [0xE2, 0x82]] {
                #expect(TextCheck.fault(in: Data([0x41] + bytes))?.offset == 1, "\(bytes)")
            }
            #expect(TextCheck.fault(in: Data("Müller 東京 🇬🇧".utf8)) == nil)
        }

        // MARK: - XML

        @Test("every prefix of a document is refused by the well-formedness check")
        func everyCutOfAnXMLDocumentIsRefused() {
            let bytes = Array(Self.unXML.utf8)
            let rootEnd = bytes.lastOffset(of: Array("</CONSOLIDATED_LIST>".utf8)).map { $0 + 20 } ?? bytes.count
            #expect(XMLCheck.fault(in: Data(bytes)) == nil)
            for cut in 0..<rootEnd {
                #expect(XMLCheck.fault(in: Data(bytes[..<cut])) != nil, "cut at \(cut)")
            }
        }

        @Test("malformed XML is refused with what is wrong and where", arguments: [
            ("<A><B></A></B>", "the end tag </A> does not match the open element <B>"),
            ("<A/><B/>", "content after the root element closed"),
            ("<A>&nbsp;</A>", "the entity &nbsp; is not defined"),
            ("<A>&#0;</A>", "a character reference to a character XML does not allow"),
            ("<A x='1' x='2'/>", "the attribute x appears twice in one tag"),
            ("<!DOCTYPE A [<!ENTITY e \"x\">]><A>&e;</A>", "a document type declaration is not accepted"),
            ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><A/>", "the encoding \"ISO-8859-1\" is not accepted"),
            ("<A><!-- a -- b --></A>", "\"--\" inside a comment"),
            ("<A>x ]]> y</A>", "\"]]>\" in text"),
            ("<A b=\"<\"/>", "\"<\" in an attribute value"),
            ("<A:B:C/>", "is not a qualified name"),
            ("<A>\u{FFFE}</A>", "the character U+FFFE is not allowed"),
            ("", "the document has no root element"),
        ])
        func malformedXMLIsRefused(document: String, detail: String) {
            let fault = XMLCheck.fault(in: Data(document.utf8))
            #expect(fault?.detail.contains(detail) == true, "\(String(describing: fault))")
        }

        @Test("well-formed XML passes: declaration, BOM, comments, CDATA, references, namespaces")
        func wellFormedXMLPasses() {
            let document = "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c -->\n<a:R xmlns:a=\"u\" b='1 &amp; 2'><?pi x?>"
                + "<x>&lt;&#65;&#x42;<![CDATA[<not a tag>]]></x><é·ü/></a:R>\n<!-- after -->\n"
            #expect(XMLCheck.fault(in: Data(document.utf8)) == nil)
        }

        @Test("nesting deeper than the limit is refused without recursion")
        func deepNestingIsRefused() {
            let depth = XMLCheck.maxDepth + 1
            let document = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
            #expect(XMLCheck.fault(in: Data(document.utf8))?.detail == "elements nested deeper than \(XMLCheck.maxDepth)")
            let deep = String(repeating: "<a>", count: 100_000)
            #expect(XMLCheck.fault(in: Data(deep.utf8)) != nil)
        }

        // MARK: - Delimited text

        @Test("a quote inside an unquoted field or text after a closing quote marks the record malformed")
        func brokenQuotingMarksTheRecord() {
            let contents = ListCSV.read(Data("a,b\nx\"y,z\n\"p\"q,r\n\"ok\",\"a \"\"quoted\"\" word\"\n".utf8))
            #expect(contents.records.map(\.fault) == [
                nil, "a quote inside unquoted field 1", "text after the closing quote of field 1", nil,
            ])
            #expect(contents.records[3].fields == ["ok", "a \"quoted\" word"])
            #expect(contents.cutOff == nil)
        }

        @Test("a file ending inside a quoted field or without a final line break is cut off")
        func endsOfCutFilesAreReported() {
            let insideQuotes = ListCSV.read(Data("a,b\n\"c\",\"cut off\nmid".utf8))
            #expect(insideQuotes.records.map(\.line) == [1])
            #expect(insideQuotes.cutOff?.line == 2)
            #expect(insideQuotes.cutOff?.detail == "the file ends inside the quoted field opened on line 2")
            #expect(ListCSV.read(Data("a,b\nc,d".utf8)).cutOff?.detail == "no line break after the last row")
            #expect(ListCSV.read(Data("a,b\nc,".utf8)).cutOff != nil)
            #expect(ListCSV.read(Data("a,b\r\nc,d\r\n\u{1A}".utf8)).cutOff == nil)
            #expect(ListCSV.read(Data("\u{FEFF}a,b\n\nc,d\n".utf8)).records.map(\.fields) == [["a", "b"], ["c", "d"]])
        }
    }
}
