import Foundation

/// What `XMLScan` hands a reader: element starts and ends by local name (prefix dropped), and text.
protocol XMLScanHandler: AnyObject {
    /// Whether the text at this point is wanted (text nobody reads is not decoded).
    var wantsText: Bool { get }
    func start(_ name: String, _ tag: XMLScan.Tag)
    func end(_ name: String)
    func text(_ text: String)
}

/// The one streaming read of every XML list file and spreadsheet part, over the bytes (Foundation's
/// `XMLParser` reads slowly on Linux, recovers from errors, and can trap while doing so).
///
/// It reads only documents `TextCheck` and `XMLCheck` accepted (UTF-8, well-formed, no DTD), so it
/// need not recover from anything: it skips the declaration, comments and processing instructions,
/// hands CDATA on as text, and decodes the five predefined entities and character references.
enum XMLScan {
    /// One start tag: its line, and its attributes (the bytes between its name and its `>`).
    struct Tag {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let range: Range<Int>
        /// The line (from 1) the tag starts on.
        let line: Int

        /// Every attribute, by its name as written (`r:id`, `xmlns`), values decoded.
        var attributes: [String: String] {
            var result: [String: String] = [:]
            forEachAttribute { name, value in
                result[String(decoding: UnsafeBufferPointer(rebasing: bytes[name]), as: UTF8.self)] = XMLScan.decode(bytes, value)
                return true
            }
            return result
        }

        /// The value of the attribute named `name` (qualified as written, e.g. `r:id`), entities decoded.
        func attribute(_ name: String) -> String? {
            let wanted = Array(name.utf8)
            var found: String?
            forEachAttribute { nameRange, value in
                guard nameRange.count == wanted.count, bytes[nameRange].elementsEqual(wanted) else { return true }
                found = XMLScan.decode(bytes, value)
                return false
            }
            return found
        }

        /// Calls `body` with each attribute's name and value byte ranges, in order, while it returns true.
        private func forEachAttribute(_ body: (_ name: Range<Int>, _ value: Range<Int>) -> Bool) {
            var index = range.lowerBound
            let end = range.upperBound
            while index < end {
                while index < end, bytes[index].isASCIIWhitespace || bytes[index] == UInt8(ascii: "/") { index += 1 }
                let nameStart = index
                while index < end, bytes[index] != UInt8(ascii: "="), !bytes[index].isASCIIWhitespace { index += 1 }
                let nameEnd = index
                while index < end, bytes[index] != UInt8(ascii: "\"") && bytes[index] != UInt8(ascii: "'") { index += 1 }
                guard index < end else { return }
                let quote = bytes[index]
                index += 1
                let valueStart = index
                while index < end, bytes[index] != quote { index += 1 }
                guard body(nameStart..<nameEnd, valueStart..<index) else { return }
                index += 1
            }
        }
    }

    /// Checks `file` (`TextCheck`, `XMLCheck`), then reads it into `handler`; throws naming the first fault.
    static func read(_ file: ListFile, into handler: some XMLScanHandler) throws(ListLoadError) {
        try TextCheck.validate(file)
        if let fault = XMLCheck.fault(in: file.data) {
            throw .malformedFile(file: file.path, line: fault.line, detail: "not well-formed XML: \(fault.detail) (column \(fault.column))")
        }
        file.data.withUnsafeBytes { raw in
            scan(raw.bindMemory(to: UInt8.self), handler)
        }
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ handler: some XMLScanHandler) {
        let count = bytes.count
        var index = 0
        // Lines are counted up to each start tag as it is reached, so every byte is counted once.
        var lineNumber = 1
        var counted = 0
        func line(at position: Int) -> Int {
            while counted < position {
                if bytes[counted] == UInt8(ascii: "\n") { lineNumber += 1 }
                counted += 1
            }
            return lineNumber
        }
        func find(_ needle: [UInt8], from start: Int) -> Int {
            var at = start
            while at + needle.count <= count {
                if bytes[at] == needle[0], bytes[at..<at + needle.count].elementsEqual(needle) { return at }
                at += 1
            }
            return count
        }
        func localName(_ range: Range<Int>) -> String {
            var start = range.lowerBound
            for at in range where bytes[at] == UInt8(ascii: ":") { start = at + 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<range.upperBound]), as: UTF8.self)
        }
        while index < count {
            guard bytes[index] == UInt8(ascii: "<") else {
                let start = index
                while index < count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                if handler.wantsText { handler.text(decode(bytes, start..<index)) }
                continue
            }
            let next = index + 1 < count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "?") {
                index = find(questionClose, from: index) + 2
            } else if next == UInt8(ascii: "!") {
                if find(commentOpen, from: index) == index {
                    index = find(commentClose, from: index + 4) + 3
                } else if find(cdataOpen, from: index) == index {
                    let end = find(cdataClose, from: index + 9)
                    if handler.wantsText {
                        handler.text(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 9)..<min(end, count)]), as: UTF8.self))
                    }
                    index = end + 3
                } else {
                    index = find(tagClose, from: index) + 1
                }
            } else if next == UInt8(ascii: "/") {
                let start = index + 2
                var end = start
                while end < count, bytes[end] != UInt8(ascii: ">"), !bytes[end].isASCIIWhitespace { end += 1 }
                handler.end(localName(start..<end))
                var close = end
                while close < count, bytes[close] != UInt8(ascii: ">") { close += 1 }
                index = close + 1
            } else {
                let start = index + 1
                var end = start
                while end < count, bytes[end] != UInt8(ascii: ">"), bytes[end] != UInt8(ascii: "/"), !bytes[end].isASCIIWhitespace { end += 1 }
                // The tag ends at the first `>` outside a quoted attribute value.
                var close = end
                var quote: UInt8 = 0
                while close < count {
                    let byte = bytes[close]
                    if quote != 0 {
                        if byte == quote { quote = 0 }
                    } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                        quote = byte
                    } else if byte == UInt8(ascii: ">") {
                        break
                    }
                    close += 1
                }
                let name = localName(start..<end)
                let selfClosing = close > end && bytes[close - 1] == UInt8(ascii: "/")
                handler.start(name, Tag(bytes: bytes, range: end..<close, line: line(at: index)))
                if selfClosing { handler.end(name) }
                index = close + 1
            }
        }
    }

    private static let questionClose = Array("?>".utf8), commentOpen = Array("<!--".utf8), commentClose = Array("-->".utf8)
    private static let cdataOpen = Array("<![CDATA[".utf8), cdataClose = Array("]]>".utf8), tagClose = Array(">".utf8)

    /// The text of `range` with entity and character references decoded.
    fileprivate static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        guard range.contains(where: { bytes[$0] == UInt8(ascii: "&") }) else {
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        var result: [UInt8] = []
        result.reserveCapacity(range.count)
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "&"), let semicolon = (index..<range.upperBound).first(where: { bytes[$0] == UInt8(ascii: ";") }) else {
                result.append(byte)
                index += 1
                continue
            }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon]), as: UTF8.self)
            switch name {
            case "amp": result.append(UInt8(ascii: "&"))
            case "lt": result.append(UInt8(ascii: "<"))
            case "gt": result.append(UInt8(ascii: ">"))
            case "quot": result.append(UInt8(ascii: "\""))
            case "apos": result.append(UInt8(ascii: "'"))
            default:
                let number = name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16) : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                if let number, let scalar = Unicode.Scalar(number) {
                    result.append(contentsOf: Array(String(Character(scalar)).utf8))
                } else {
                    result.append(contentsOf: bytes[index...semicolon])
                }
            }
            index = semicolon + 1
        }
        return String(decoding: result, as: UTF8.self)
    }
}
