import Crypto
import Foundation
import Testing
@testable import Monitor

/// The landmark/agent wire format: every message survives its frame, and broken streams are refused by name.
struct ProtocolFrameTests {
    static let challenge = Challenge(landmark: "lm-fra", device: "gpu-1", nonce: Array(repeating: 7, count: 32), issuedAtMs: 1_800_000_000_123)

    static func decodeAll(_ bytes: [UInt8]) throws(ProtocolProblem) -> [ProtocolMessage] {
        var decoder = FrameDecoder()
        decoder.append(bytes)
        var messages: [ProtocolMessage] = []
        while let message = try decoder.next() { messages.append(message) }
        try decoder.finish()
        return messages
    }

    @Test("every message decodes to itself, also when its frames arrive one byte at a time")
    func roundTrip() throws {
        let messages: [ProtocolMessage] = [
            .hello(version: 1, device: "gpu-1"), .challenge(Self.challenge), .answer(signature: Array(repeating: 9, count: 64)),
            .result(verifiedProbes: 5, minimumMs: 0.125), .refusal(reason: "unknown_device: ü"),
        ]
        let stream = messages.flatMap(ProtocolFrame.encode)
        #expect(try Self.decodeAll(stream) == messages)
        var decoder = FrameDecoder()
        var decoded: [ProtocolMessage] = []
        for byte in stream {
            decoder.append([byte])
            while let message = try decoder.next() { decoded.append(message) }
        }
        #expect(decoded == messages)
    }

    @Test("a frame declaring more than the maximum is refused from its 4-byte header, before its bytes arrive")
    func oversizeFrame() {
        var decoder = FrameDecoder()
        decoder.append([0, 0, 0x04, 0x01])
        #expect(throws: ProtocolProblem.oversizeFrame(length: 1025, maximum: 1024)) { try decoder.next() }
        var huge = FrameDecoder()
        huge.append([0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: ProtocolProblem.oversizeFrame(length: 0xFFFF_FFFF, maximum: 1024)) { try huge.next() }
    }

    @Test("a stream ending inside a frame (header or payload) is refused as truncated")
    func truncatedFrame() {
        let frame = ProtocolFrame.encode(.hello(version: 1, device: "gpu-1"))
        #expect(throws: ProtocolProblem.truncatedFrame(have: frame.count - 1, need: frame.count)) { try Self.decodeAll(Array(frame.dropLast())) }
        #expect(throws: ProtocolProblem.truncatedFrame(have: 2, need: 4)) { try Self.decodeAll([0, 0]) }
    }

    @Test("unknown message kinds, empty frames, short, overlong and non-UTF-8 payloads are refused naming the field")
    func malformedFrames() {
        #expect(throws: ProtocolProblem.unknownMessage(kind: 99)) { try Self.decodeAll([0, 0, 0, 1, 99]) }
        #expect(throws: ProtocolProblem.emptyFrame) { try Self.decodeAll([0, 0, 0, 0]) }
        #expect(throws: ProtocolProblem.malformed(message: "answer", field: "signature", reason: "needs 64 bytes; 3 are left")) {
            try Self.decodeAll([0, 0, 0, 4, 3, 1, 2, 3])
        }
        var trailing = ProtocolFrame.encode(.result(verifiedProbes: 1, minimumMs: 1))
        trailing[3] += 1
        trailing.append(0)
        #expect(throws: ProtocolProblem.malformed(message: "result", field: "payload", reason: "has 1 bytes after its last field")) {
            try Self.decodeAll(trailing)
        }
        #expect(throws: ProtocolProblem.malformed(message: "hello", field: "device", reason: "is not UTF-8")) {
            try Self.decodeAll([0, 0, 0, 5, 1, 1, 0, 1, 0xFF])
        }
    }

    @Test("a refusal's reason is cut to its maximum at a character boundary")
    func longReason() throws {
        let reason = String(repeating: "é", count: 400)
        guard case .refusal(let sent) = try Self.decodeAll(ProtocolFrame.encode(.refusal(reason: reason))).first else {
            Issue.record("no refusal decoded")
            return
        }
        #expect(sent.utf8.count == 512 && reason.hasPrefix(sent))
    }
}
