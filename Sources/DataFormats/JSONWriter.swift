/// Writes compact JSON by hand into a byte buffer: for batch output of millions of lines, where
/// `JSONEncoder`'s reflection dominates the run time.
///
/// The caller writes the structure in order (`open`, `key`, values, `close`); commas between members
/// and elements are placed automatically.
public struct JSONWriter: Sendable {
    /// The bytes written so far.
    public private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    /// An empty writer.
    public init() {
        bytes.reserveCapacity(1024)
    }

    /// The JSON written so far, as text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer to write the next document, keeping its capacity.
    public mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        needsComma.removeAll(keepingCapacity: true)
    }

    /// Opens an object (`{`).
    public mutating func openObject() { open(UInt8(ascii: "{")) }
    /// Closes the innermost object.
    public mutating func closeObject() { close(UInt8(ascii: "}")) }
    /// Opens an array (`[`).
    public mutating func openArray() { open(UInt8(ascii: "[")) }
    /// Closes the innermost array.
    public mutating func closeArray() { close(UInt8(ascii: "]")) }

    /// A member name; the next value written is its value.
    public mutating func key(_ name: String) {
        separate()
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = false }
    }

    /// A string value.
    public mutating func string(_ value: String) {
        separate()
        quoted(value)
    }

    /// A string value, or `null`.
    public mutating func string(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    /// A number written exactly as given (the caller formats it, e.g. `40.9`, `4090.00`).
    public mutating func number(_ literal: String) {
        separate()
        bytes.append(contentsOf: literal.utf8)
    }

    /// An integer.
    public mutating func number(_ value: Int) { number(String(value)) }

    /// A floating-point number: without a fraction when it is a whole number below 10^15 in magnitude
    /// (`1`, not `1.0`), else Swift's shortest exact form (`0.875`, `1e+16`).
    public mutating func number(_ value: Double) {
        number(value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value))
    }

    /// `true` or `false`.
    public mutating func bool(_ value: Bool) { number(value ? "true" : "false") }

    /// `null`.
    public mutating func null() { number("null") }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        openArray()
        for value in values { string(value) }
        closeArray()
    }

    private mutating func open(_ byte: UInt8) {
        separate()
        bytes.append(byte)
        needsComma.append(false)
    }

    private mutating func close(_ byte: UInt8) {
        bytes.append(byte)
        needsComma.removeLast()
        if !needsComma.isEmpty { needsComma[needsComma.count - 1] = true }
    }

    /// A comma before the second and later members or elements; marks the container as non-empty.
    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) } else { needsComma[needsComma.count - 1] = true }
    }

    private mutating func quoted(_ value: String) {
        Self.appendQuoted(value, to: &bytes)
    }

    /// Appends `value` as a JSON string literal to `bytes`: escapes quotes, backslashes and control
    /// characters, copying runs of other bytes.
    public static func appendQuoted(_ value: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: utf8[runStart..<index])
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    let hex = String(byte, radix: 16)
                    bytes.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
                runStart = index + 1
            }
            bytes.append(contentsOf: utf8[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
