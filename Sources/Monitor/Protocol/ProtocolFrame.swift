/// The frame layout of the landmark/agent protocol: a 4-byte big-endian length, then that many bytes — one
/// kind byte (`ProtocolMessage.Kind`) and the message's payload. Text is UTF-8 after a 2-byte big-endian
/// length; a nonce is exactly 32 bytes and a signature exactly 64; integers are big-endian; a round-trip time
/// is the 8 big-endian bytes of its binary64 value. A payload must be consumed exactly: trailing bytes are
/// refused like missing ones.
///
/// Payloads: `hello` = version (1 byte), device; `challenge` = landmark, device, nonce, issued-at (8 bytes,
/// ms since 1970); `answer` = signature; `result` = verified probe count (1 byte), minimum ms; `refusal` =
/// reason (at most `maximumReasonLength` bytes).
public enum ProtocolFrame {
    /// The protocol version this build speaks (sent in `hello`).
    public static let version: UInt8 = 1
    /// The most bytes a frame may declare (kind byte and payload); a larger frame is refused unread.
    public static let maximumLength = 1024
    /// The longest refusal reason sent, in UTF-8 bytes (longer reasons are cut at a character boundary).
    public static let maximumReasonLength = 512

    /// The frame carrying `message`.
    public static func encode(_ message: ProtocolMessage) -> [UInt8] {
        var payload: [UInt8] = [message.kind.rawValue]
        switch message {
        case .hello(let version, let device):
            payload.append(version)
            append(text: device, to: &payload)
        case .challenge(let challenge):
            append(text: challenge.landmark, to: &payload)
            append(text: challenge.device, to: &payload)
            payload.append(contentsOf: challenge.nonce)
            append(word: UInt64(bitPattern: challenge.issuedAtMs), to: &payload)
        case .answer(let signature):
            payload.append(contentsOf: signature)
        case .result(let verified, let minimumMs):
            payload.append(UInt8(clamping: verified))
            append(word: minimumMs.bitPattern, to: &payload)
        case .refusal(let reason):
            append(text: truncated(reason), to: &payload)
        }
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 4)
        let count = UInt32(truncatingIfNeeded: payload.count)
        for shift in stride(from: 24, through: 0, by: -8) { frame.append(UInt8(truncatingIfNeeded: count >> UInt32(shift))) }
        frame.append(contentsOf: payload)
        return frame
    }

    /// `reason` cut to at most `maximumReasonLength` UTF-8 bytes at a character boundary.
    static func truncated(_ reason: String) -> String {
        guard reason.utf8.count > maximumReasonLength else { return reason }
        var cut = ""
        for character in reason {
            if cut.utf8.count + String(character).utf8.count > maximumReasonLength { break }
            cut.append(character)
        }
        return cut
    }

    private static func append(text: String, to bytes: inout [UInt8]) {
        let utf8 = Array(text.utf8.prefix(Int(UInt16.max)))
        bytes.append(UInt8(truncatingIfNeeded: utf8.count >> 8))
        bytes.append(UInt8(truncatingIfNeeded: utf8.count))
        bytes.append(contentsOf: utf8)
    }

    private static func append(word: UInt64, to bytes: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
    }

    /// The message in one frame's bytes (kind byte and payload, without the length), or why it is none.
    public static func decode(frame: ArraySlice<UInt8>) throws(ProtocolProblem) -> ProtocolMessage {
        guard let first = frame.first else { throw .emptyFrame }
        guard let kind = ProtocolMessage.Kind(rawValue: first) else { throw .unknownMessage(kind: first) }
        var reader = PayloadReader(bytes: frame.dropFirst(), message: kind.name)
        let message: ProtocolMessage
        switch kind {
        case .hello:
            let version = try reader.byte(field: "version")
            message = .hello(version: version, device: try reader.text(field: "device"))
        case .challenge:
            let landmark = try reader.text(field: "landmark")
            let device = try reader.text(field: "device")
            let nonce = try reader.bytes(SignedRecordLimits.nonceLength, field: "nonce")
            let issuedAt = Int64(bitPattern: try reader.word(field: "issued_at"))
            message = .challenge(Challenge(landmark: landmark, device: device, nonce: nonce, issuedAtMs: issuedAt))
        case .answer:
            message = .answer(signature: try reader.bytes(SignedRecordLimits.signatureLength, field: "signature"))
        case .result:
            let verified = Int(try reader.byte(field: "verified_probes"))
            message = .result(verifiedProbes: verified, minimumMs: Double(bitPattern: try reader.word(field: "min_rtt_ms")))
        case .refusal:
            message = .refusal(reason: try reader.text(field: "reason"))
        }
        try reader.finish()
        return message
    }
}

/// Reads a payload's fields in order, refusing short, overlong and non-UTF-8 fields with the field's name.
struct PayloadReader {
    var bytes: ArraySlice<UInt8>
    let message: String

    mutating func bytes(_ count: Int, field: String) throws(ProtocolProblem) -> [UInt8] {
        guard bytes.count >= count else {
            throw .malformed(message: message, field: field, reason: "needs \(count) bytes; \(bytes.count) are left")
        }
        let value = Array(bytes.prefix(count))
        bytes = bytes.dropFirst(count)
        return value
    }

    mutating func byte(field: String) throws(ProtocolProblem) -> UInt8 {
        try bytes(1, field: field)[0]
    }

    mutating func word(field: String) throws(ProtocolProblem) -> UInt64 {
        try bytes(8, field: field).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func text(field: String) throws(ProtocolProblem) -> String {
        let length = try bytes(2, field: field).reduce(0) { $0 << 8 | Int($1) }
        let utf8 = try bytes(length, field: field)
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw .malformed(message: message, field: field, reason: "is not UTF-8")
        }
        return text
    }

    func finish() throws(ProtocolProblem) {
        guard bytes.isEmpty else { throw .malformed(message: message, field: "payload", reason: "has \(bytes.count) bytes after its last field") }
    }
}

/// Splits a byte stream into messages: feed it what the connection reads (`append`), take the messages out
/// (`next`), and call `finish` when the connection ends. A frame longer than `maximumLength` is refused as soon
/// as its length is read, so no more than one frame is ever held.
public struct FrameDecoder: Sendable {
    private var buffer: [UInt8] = []
    /// The most bytes a frame may declare.
    public let maximumLength: Int

    /// A decoder refusing frames longer than `maximumLength` bytes.
    public init(maximumLength: Int = ProtocolFrame.maximumLength) {
        self.maximumLength = maximumLength
    }

    /// Adds bytes read from the connection.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// The next whole message, nil when more bytes are needed, or why the stream is broken.
    public mutating func next() throws(ProtocolProblem) -> ProtocolMessage? {
        guard buffer.count >= 4 else { return nil }
        let length = buffer[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length <= maximumLength else { throw .oversizeFrame(length: length, maximum: maximumLength) }
        guard buffer.count >= 4 + length else { return nil }
        let message = try ProtocolFrame.decode(frame: buffer[4..<(4 + length)])
        buffer.removeFirst(4 + length)
        return message
    }

    /// Checks the stream ended between frames; throws `truncatedFrame` when it ended inside one.
    public func finish() throws(ProtocolProblem) {
        guard !buffer.isEmpty else { return }
        let need = buffer.count >= 4 ? buffer[0..<4].reduce(0) { $0 << 8 | Int($1) } + 4 : 4
        throw .truncatedFrame(have: buffer.count, need: need)
    }
}
