import Foundation

/// A strict XML 1.0 well-formedness check, run on a list file before `XMLScan` reads it.
///
/// `XMLScan` reads fast because it assumes a sound document, so it never sees one that is not: a
/// list must never be read from a document that is damaged or cut off. This check refuses any document that is not
/// complete and well-formed, naming the line and column: one root element that closes, nothing
/// but comments, processing instructions and white space after it, balanced and matching tags,
/// well-formed attributes (none repeated in a tag), only the five predefined entities and
/// character references to characters XML allows, and no `]]>` in text. It also refuses what a
/// list file never needs and a hostile one could abuse: a document type declaration (entity
/// definitions can expand without bound), an encoding other than UTF-8, and nesting deeper than
/// `maxDepth`. The bytes must already be UTF-8 without control bytes (`TextCheck`).
enum XMLCheck {
    /// Where the document stops being well-formed: 1-based line and column (in bytes).
    struct Fault: Error, Sendable, Hashable {
        var line: Int
        var column: Int
        var detail: String
    }

    /// The deepest element nesting accepted (libxml2 itself stops at 256).
    static let maxDepth = 200

    /// The first place `data` is not a well-formed document, or nil when it is one.
    static func fault(in data: Data) -> Fault? {
        data.withUnsafeBytes { raw -> Fault? in
            var scanner = XMLScanner(bytes: raw.bindMemory(to: UInt8.self))
            do throws(Fault) {
                try scanner.document()
                return nil
            } catch {
                return error
            }
        }
    }
}

/// The scanner behind `XMLCheck`: a cursor over the bytes that knows its line and column.
private struct XMLScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var line = 1
    var lineStart = 0
    /// Open elements' names, as byte ranges into `bytes`.
    var open: [Range<Int>] = []
    /// The attribute names of the tag being read (kept to reuse its storage).
    var attributes: [Range<Int>] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Document

    mutating func document() throws(XMLCheck.Fault) {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            index = 3
            lineStart = 3
        }
        if starts(with: "<?xml"), index + 5 < bytes.count, bytes[index + 5].isXMLSpace {
            try declaration()
        }
        try misc()
        guard index < bytes.count else { throw fault("the document has no root element") }
        if starts(with: "<!DOCTYPE") {
            throw fault("a document type declaration is not accepted in a list file")
        }
        guard bytes[index] == UInt8(ascii: "<") else { throw fault("text before the root element") }
        try element()
        try misc()
        guard index == bytes.count else { throw fault("content after the root element closed") }
    }

    /// `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`: version 1.0 and, when given, UTF-8.
    private mutating func declaration() throws(XMLCheck.Fault) {
        advance(5)
        var seen: [String: String] = [:]
        while true {
            let hadSpace = skipSpace()
            if starts(with: "?>") {
                advance(2)
                break
            }
            guard hadSpace, index < bytes.count else { throw fault("an unreadable XML declaration") }
            let name = String(decoding: bytes[try nameRange()], as: UTF8.self)
            skipSpace()
            try expect("=", "an XML declaration attribute without \"=\"")
            skipSpace()
            seen[name] = String(decoding: bytes[try quotedValue(declaration: true)], as: UTF8.self)
        }
        guard seen["version"] == "1.0" else { throw fault("the XML declaration must say version=\"1.0\"") }
        if let encoding = seen["encoding"], encoding.uppercased() != "UTF-8" {
            throw fault("the encoding \"\(encoding)\" is not accepted: list files are UTF-8")
        }
        if let standalone = seen["standalone"], standalone != "yes", standalone != "no" {
            throw fault("standalone must be yes or no")
        }
        if let other = seen.keys.first(where: { !["version", "encoding", "standalone"].contains($0) }) {
            throw fault("an unknown XML declaration attribute \"\(other)\"")
        }
    }

    /// White space, comments and processing instructions, outside the root element.
    private mutating func misc() throws(XMLCheck.Fault) {
        while true {
            skipSpace()
            if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<?") {
                try processingInstruction()
            } else {
                return
            }
        }
    }

    // MARK: - Elements

    /// The element starting at `<` and, iteratively, everything inside it up to its end tag.
    private mutating func element() throws(XMLCheck.Fault) {
        try startTag()
        while !open.isEmpty {
            guard index < bytes.count else {
                let name = String(decoding: bytes[open[open.count - 1]], as: UTF8.self)
                throw fault("the document ends inside <\(name)> (\(open.count) elements left open): the file is cut off")
            }
            switch bytes[index] {
            case UInt8(ascii: "<"):
                switch index + 1 < bytes.count ? bytes[index + 1] : 0 {
                case UInt8(ascii: "/"): try endTag()
                case UInt8(ascii: "?"): try processingInstruction()
                case UInt8(ascii: "!") where starts(with: "<!--"): try comment()
                case UInt8(ascii: "!") where starts(with: "<![CDATA["): try cdata()
                case UInt8(ascii: "!"): throw fault("a declaration inside an element")
                default: try startTag()
                }
            case UInt8(ascii: "&"):
                try reference()
            case UInt8(ascii: "]") where starts(with: "]]>"):
                throw fault("\"]]>\" in text")
            default:
                try text()
            }
        }
    }

    /// Steps over character data up to the next `<`, `&` or `]` after the first character.
    private mutating func text() throws(XMLCheck.Fault) {
        try character()
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= 0x20, byte < 0x80 else {
                try character()
                continue
            }
            if byte == UInt8(ascii: "<") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "]") { return }
            index += 1
        }
    }

    private mutating func startTag() throws(XMLCheck.Fault) {
        advance(1)
        let name = try qualifiedName()
        attributes.removeAll(keepingCapacity: true)
        while true {
            let hadSpace = skipSpace()
            guard index < bytes.count else { throw fault("the document ends inside a tag: the file is cut off") }
            if bytes[index] == UInt8(ascii: ">") {
                advance(1)
                guard open.count < XMLCheck.maxDepth else { throw fault("elements nested deeper than \(XMLCheck.maxDepth)") }
                open.append(name)
                return
            }
            if starts(with: "/>") {
                advance(2)
                return
            }
            guard hadSpace else { throw fault("an unreadable tag (expected white space, \">\" or \"/>\")") }
            let attribute = try qualifiedName()
            if attributes.contains(where: { bytes[$0].elementsEqual(bytes[attribute]) }) {
                throw fault("the attribute \(String(decoding: bytes[attribute], as: UTF8.self)) appears twice in one tag")
            }
            attributes.append(attribute)
            skipSpace()
            try expect("=", "an attribute without \"=\"")
            skipSpace()
            _ = try quotedValue(declaration: false)
        }
    }

    private mutating func endTag() throws(XMLCheck.Fault) {
        advance(2)
        let name = try qualifiedName()
        skipSpace()
        try expect(">", "an unreadable end tag")
        let found = String(decoding: bytes[name], as: UTF8.self)
        guard let expected = open.last else { throw fault("the end tag </\(found)> closes no open element") }
        guard bytes[expected].elementsEqual(bytes[name]) else {
            throw fault("the end tag </\(found)> does not match the open element <\(String(decoding: bytes[expected], as: UTF8.self))>")
        }
        open.removeLast()
    }

    /// `"…"` or `'…'` without `<`, with well-formed references; the range of the value's bytes.
    private mutating func quotedValue(declaration: Bool) throws(XMLCheck.Fault) -> Range<Int> {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
            throw fault("an attribute value without quotes")
        }
        let delimiter = bytes[index]
        advance(1)
        let start = index
        while true {
            guard index < bytes.count else { throw fault("the document ends inside an attribute value: the file is cut off") }
            let byte = bytes[index]
            if byte == delimiter { break }
            if byte == UInt8(ascii: "<") { throw fault("\"<\" in an attribute value") }
            if byte == UInt8(ascii: "&"), !declaration {
                try reference()
            } else if byte >= 0x20, byte < 0x80 {
                index += 1
            } else {
                try character()
            }
        }
        let range = start..<index
        advance(1)
        return range
    }

    // MARK: - Other markup

    private mutating func comment() throws(XMLCheck.Fault) {
        advance(4)
        while !starts(with: "--") {
            guard index < bytes.count else { throw fault("the document ends inside a comment: the file is cut off") }
            try character()
        }
        guard starts(with: "-->") else { throw fault("\"--\" inside a comment") }
        advance(3)
    }

    private mutating func cdata() throws(XMLCheck.Fault) {
        advance(9)
        while !starts(with: "]]>") {
            guard index < bytes.count else { throw fault("the document ends inside a CDATA section: the file is cut off") }
            try character()
        }
        advance(3)
    }

    private mutating func processingInstruction() throws(XMLCheck.Fault) {
        advance(2)
        let target = String(decoding: bytes[try nameRange()], as: UTF8.self)
        if target.lowercased() == "xml" { throw fault("an XML declaration that is not at the start of the document") }
        if starts(with: "?>") {
            advance(2)
            return
        }
        guard skipSpace() else { throw fault("an unreadable processing instruction") }
        while !starts(with: "?>") {
            guard index < bytes.count else { throw fault("the document ends inside a processing instruction: the file is cut off") }
            try character()
        }
        advance(2)
    }

    /// `&lt;` `&gt;` `&amp;` `&apos;` `&quot;`, `&#NNN;` or `&#xHHH;` naming a character XML allows.
    private mutating func reference() throws(XMLCheck.Fault) {
        advance(1)
        if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
            advance(1)
            var radix: UInt32 = 10
            if index < bytes.count, bytes[index] == UInt8(ascii: "x") {
                radix = 16
                advance(1)
            }
            var value: UInt32 = 0
            var digits = 0
            while index < bytes.count, let digit = Self.digit(bytes[index], radix: radix) {
                value = min(value * radix + digit, 0x110000)
                digits += 1
                advance(1)
            }
            guard digits > 0 else { throw fault("an unreadable character reference") }
            try expect(";", "a character reference without \";\"")
            guard Self.isXMLCharacter(value) else { throw fault("a character reference to a character XML does not allow") }
            return
        }
        let name = try nameRange()
        try expect(";", "an entity reference without \";\"")
        let text = String(decoding: bytes[name], as: UTF8.self)
        guard ["lt", "gt", "amp", "apos", "quot"].contains(text) else {
            throw fault("the entity &\(text); is not defined (a list file may use only &lt; &gt; &amp; &apos; &quot;)")
        }
    }

    // MARK: - Names and characters

    /// A name with at most one colon, neither first nor last (the namespace form).
    private mutating func qualifiedName() throws(XMLCheck.Fault) -> Range<Int> {
        let range = try nameRange()
        var colons = 0
        for offset in range where bytes[offset] == UInt8(ascii: ":") {
            colons += 1
            if colons > 1 || offset == range.lowerBound || offset == range.upperBound - 1 { colons = 2 }
        }
        if colons > 1 {
            throw fault("the name \(String(decoding: bytes[range], as: UTF8.self)) is not a qualified name")
        }
        return range
    }

    /// An XML Name: a start character then name characters, as the XML 1.0 (fifth edition) ranges allow.
    private mutating func nameRange() throws(XMLCheck.Fault) -> Range<Int> {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                guard Self.isASCIINameByte(byte, first: index == start) else { break }
                index += 1
                continue
            }
            let (scalar, length) = decode(at: index)
            let allowed = index == start ? Self.isNameStart(scalar) : Self.isNameCharacter(scalar)
            guard allowed else { break }
            advance(length)
        }
        guard index > start else { throw fault("a name was expected") }
        return start..<index
    }

    /// Steps over one character that XML allows in text.
    private mutating func character() throws(XMLCheck.Fault) {
        let (scalar, length) = decode(at: index)
        guard Self.isXMLCharacter(scalar) else {
            throw fault("the character U+\(String(scalar, radix: 16, uppercase: true)) is not allowed in XML")
        }
        if scalar == 0x0A {
            line += 1
            lineStart = index + 1
        }
        index += length
    }

    /// The scalar at `offset` and its length in bytes; the bytes are known to be UTF-8.
    private func decode(at offset: Int) -> (UInt32, Int) {
        let lead = bytes[offset]
        let (length, initial): (Int, UInt32) = switch lead {
        case ..<0x80: (1, UInt32(lead))
        case ..<0xE0: (2, UInt32(lead & 0x1F))
        case ..<0xF0: (3, UInt32(lead & 0x0F))
        default: (4, UInt32(lead & 0x07))
        }
        var scalar = initial
        for next in offset + 1..<min(offset + length, bytes.count) {
            scalar = scalar << 6 | UInt32(bytes[next] & 0x3F)
        }
        return (scalar, max(1, min(length, bytes.count - offset)))
    }

    /// `isNameStart` / `isNameCharacter` for an ASCII byte.
    private static func isASCIINameByte(_ byte: UInt8, first: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"): true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): !first
        default: false
        }
    }

    static func isXMLCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x09, 0x0A, 0x0D, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    static func isNameStart(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x3A, 0x41...0x5A, 0x5F, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
             0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
             0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            true
        default:
            false
        }
    }

    static func isNameCharacter(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7, 0x300...0x36F, 0x203F...0x2040: true
        default: isNameStart(scalar)
        }
    }

    private static func digit(_ byte: UInt8, radix: UInt32) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where radix == 16: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where radix == 16: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    // MARK: - Cursor

    private func starts(with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return text.withUTF8Buffer { prefix in
            (0..<count).allSatisfy { bytes[index + $0] == prefix[$0] }
        }
    }

    /// Moves over `count` bytes that hold no line feed (markup).
    private mutating func advance(_ count: Int) {
        index = min(index + count, bytes.count)
    }

    @discardableResult
    private mutating func skipSpace() -> Bool {
        let start = index
        while index < bytes.count, bytes[index].isXMLSpace {
            if bytes[index] == 0x0A {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        return index > start
    }

    private mutating func expect(_ byte: Unicode.Scalar, _ detail: String) throws(XMLCheck.Fault) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: byte) else { throw fault(detail) }
        advance(1)
    }

    private func fault(_ detail: String) -> XMLCheck.Fault {
        XMLCheck.Fault(line: line, column: index - lineStart + 1, detail: detail)
    }
}

private extension UInt8 {
    /// XML white space: space, tab, line feed, carriage return.
    var isXMLSpace: Bool {
        self == 0x20 || self == 0x09 || self == 0x0A || self == 0x0D
    }
}
