import Foundation
import Testing

@testable import HTTPAPI

/// The generated decoding's errors become 400s naming the field by its path, and query parameters by their name.
@Suite struct DecodingProblemTests {
    private struct Payload: Decodable {
        struct Item: Decodable {
            var name: String
            var count: Int?
        }

        var items: [Item]
    }

    static func problem(_ json: String) -> APIError? {
        do {
            _ = try JSONDecoder().decode(Payload.self, from: Data(json.utf8))
            return nil
        } catch let error as DecodingError {
            return DecodingProblem.apiError(error)
        } catch {
            return nil
        }
    }

    @Test func aMissingFieldAndAWrongTypeAreNamedByTheirPath() {
        #expect(Self.problem(#"{"items": [{"name": "a"}, {}]}"#)?.field == "items[1].name")
        #expect(Self.problem(#"{"items": [{"name": "a"}, {}]}"#)?.message == "\"items[1].name\" is required")
        let wrong = Self.problem(#"{"items": [{"name": "a", "count": "two"}]}"#)
        #expect(wrong?.field == "items[0].count" && wrong?.message == "\"items[0].count\" must be a whole number")
        #expect(Self.problem(#"{"items": "a"}"#)?.field == "items")
        #expect(Self.problem(#"{"items": []}"#) == nil)
    }

    @Test func aQueryParameterIsFoundByTheValueItCouldNotRead() {
        let number = DecodingError.typeMismatch(Int.self, .init(codingPath: [], debugDescription: ""))
        #expect(DecodingProblem.apiError(number, query: "status=open&limit=ten").field == "limit")
        let flag = DecodingError.typeMismatch(Bool.self, .init(codingPath: [], debugDescription: ""))
        #expect(DecodingProblem.apiError(flag, query: "published=2026-01-01&force=yes").field == "force")
        let choice = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Cannot initialize Status from invalid String value closed"))
        let problem = DecodingProblem.apiError(choice, query: "limit=5&status=closed")
        #expect(problem.field == "status" && problem.message.contains("\"closed\""))
    }
}
