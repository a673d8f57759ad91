import Foundation

/// An item's classification as given: an ECCN with its paragraph (`3A001.b.3`), `EAR99`, or an ITAR item.
public struct ItemClassification: Sendable, Hashable, CustomStringConvertible {
    /// What the classification names.
    public enum Kind: Sendable, Hashable {
        /// An entry of the Commerce Control List.
        case eccn
        /// Subject to the EAR but not on the CCL (734.3(c)).
        case ear99
        /// On the U.S. Munitions List (`USML`, `ITAR`).
        case itar
    }

    public var kind: Kind
    /// The five-character ECCN, e.g. `3A001` (empty for EAR99 and ITAR).
    public var eccn: String
    /// The paragraph below the ECCN, e.g. `["b", "3"]` for `3A001.b.3`; empty when not given.
    public var paragraph: [String]

    /// Reads `3A001.b.3`, `3a001.B.3`, `EAR99`, `USML` or `ITAR`; nil when the text has no ECCN shape.
    public init?(_ text: String) {
        let trimmed = text.trimmed
        switch trimmed.uppercased() {
        case "EAR99":
            self.init(kind: .ear99, eccn: "", paragraph: [])
            return
        case "USML", "ITAR", "USML/ITAR":
            self.init(kind: .itar, eccn: "", paragraph: [])
            return
        default: break
        }
        var parts = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let head = parts.removeFirst().uppercased()
        guard Self.isECCN(head), parts.allSatisfy(Self.isParagraphSegment) else { return nil }
        self.init(kind: .eccn, eccn: head, paragraph: parts.map { $0.lowercased() })
    }

    /// Whether it can be technology or software (product group D or E, or EAR99), which alone can be deemed exported (734.13).
    public var isTechnologyOrSoftware: Bool {
        switch kind {
        case .ear99, .itar: true
        case .eccn: ["D", "E"].contains(eccn.dropFirst().prefix(1))
        }
    }

    init(kind: Kind, eccn: String, paragraph: [String]) {
        self.kind = kind
        self.eccn = eccn
        self.paragraph = paragraph
    }

    /// `3A001.b.3`, `EAR99` or `USML`.
    public var description: String {
        switch kind {
        case .ear99: "EAR99"
        case .itar: "USML"
        case .eccn: ([eccn] + paragraph).joined(separator: ".")
        }
    }

    /// Whether `text` is an ECCN: a category digit, a product group letter (A–E, or Y for 0Y521), three digits.
    static func isECCN(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 5 else { return false }
        let digit = UInt8(ascii: "0")...UInt8(ascii: "9")
        let group = (UInt8(ascii: "A")...UInt8(ascii: "E")).contains(bytes[1]) || bytes[1] == UInt8(ascii: "Y")
        return digit.contains(bytes[0]) && group && bytes[2...].allSatisfy(digit.contains)
    }

    /// A paragraph segment: letters or digits, at most four characters (`a`, `12`, `z`).
    static func isParagraphSegment(_ text: String) -> Bool {
        // Byte tests: an ASCII scalar is alphabetic exactly when it is a letter A-Z or a-z.
        !text.isEmpty && text.count <= 4 && text.utf8.allSatisfy { byte in
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
    }
}
