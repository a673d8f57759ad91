import ReleaseTokens
import Testing

/// The one Authorization parser the gate and the API share (the end-to-end table runs both binaries).
@Suite struct BearerCredentialTests {
    @Test func theSchemeIsBearerInAnyCaseThenOneSpaceThenExactlyOneCredential() throws {
        for header in ["Bearer abc.DEF-_~+/", "bearer abc", "BEARER abc==", "bEaReR a.b.c"] {
            #expect(try BearerCredential.parse(header) == String(header.split(separator: " ")[1]), "\(header)")
        }
        let refused: [(String?, BearerCredential.Problem)] = [
            (nil, .missing), ("Basic dXNlcjpwYXNz", .notBearer), ("abc", .notBearer), ("Bearer:abc", .notBearer), ("Bearer\tabc", .notBearer),
        ]
        for (header, problem) in refused {
            #expect(throws: problem, "\(header ?? "nil")") { try BearerCredential.parse(header) }
        }
        for header in ["Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer abc ", "Bearer a\u{0}b", "Bearer a\u{1F}", "Bearer \u{7F}a",
                       "Bearer ab\u{E9}", "Bearer a,b", "Bearer =abc", "Bearer a=b", "Bearer a\"b"] {
            do {
                _ = try BearerCredential.parse(header)
                Issue.record("\(header.debugDescription) must be refused")
            } catch {
                guard case .malformed = error else {
                    Issue.record("\(header.debugDescription): \(error)")
                    continue
                }
            }
        }
    }
}
