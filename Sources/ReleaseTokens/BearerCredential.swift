/// Reads the credential of an `Authorization: Bearer <credential>` header, the one way the gate and the
/// API both accept it.
///
/// The scheme is `Bearer` in any letter case, followed by exactly one space and exactly one credential
/// in the RFC 6750 `b64token` alphabet (letters, digits, `-._~+/`, then any `=`): no second space, no
/// tab, no control character, nothing empty.
public enum BearerCredential {
    /// Why a header carries no usable bearer credential.
    public enum Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// No `Authorization` header.
        case missing
        /// Another scheme (`Basic …`), or no scheme and credential separated by one space.
        case notBearer
        /// The scheme is `Bearer` but what follows is not exactly one credential.
        case malformed(String)

        public var description: String {
            switch self {
            case .missing: "no Authorization header"
            case .notBearer: "the Authorization header is not \"Bearer <credential>\""
            case .malformed(let problem): "the Authorization header's bearer credential \(problem)"
            }
        }
    }

    /// The credential of `header` (the `Authorization` field's value, nil when absent), or why there is none.
    public static func parse(_ header: String?) throws(Problem) -> String {
        guard let header else { throw .missing }
        let bytes = Array(header.utf8)
        guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else {
            throw String(decoding: bytes, as: UTF8.self).lowercased() == "bearer" ? .malformed("is empty") : .notBearer
        }
        guard String(decoding: bytes[..<space], as: UTF8.self).lowercased() == "bearer" else { throw .notBearer }
        let credential = bytes[(space + 1)...]
        guard !credential.isEmpty else { throw .malformed("is empty") }
        if let bad = credential.first(where: { !isTokenCharacter($0) && $0 != UInt8(ascii: "=") }) {
            let shown = bad < 0x20 || bad == 0x7F ? "control character 0x\(String(bad, radix: 16))" : bad >= 0x80 ? "a non-ASCII byte" : "\"\(Character(Unicode.Scalar(bad)))\""
            throw .malformed("contains \(shown); exactly one credential follows one space")
        }
        guard let firstPad = credential.firstIndex(of: UInt8(ascii: "=")) else { return String(decoding: credential, as: UTF8.self) }
        guard firstPad > credential.startIndex, credential[firstPad...].allSatisfy({ $0 == UInt8(ascii: "=") }) else {
            throw .malformed("has \"=\" other than as trailing padding")
        }
        return String(decoding: credential, as: UTF8.self)
    }

    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"): true
        default: false
        }
    }
}
