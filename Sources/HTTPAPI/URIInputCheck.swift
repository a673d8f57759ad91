import Operations
import Foundation
import Hummingbird
import DataFormats

/// Refuses a request whose path or query, once percent-decoded, is not UTF-8 or holds a control character
/// (`InputText`, line breaks included): a path parameter (`/v1/parties/{id}`) or a query parameter is text
/// the routes look up or store, and a `%00` must not reach the store. 400 naming `path` or the query parameter.
struct URIInputCheck<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let problem = Self.problem(decoding: request.uri.path.utf8) {
            throw APIError.invalid("path", "the path \(problem)")
        }
        if let query = request.uri.query {
            for parameter in query.split(separator: "&") {
                let name = parameter.split(separator: "=", maxSplits: 1).first.map(String.init) ?? ""
                if let problem = Self.problem(decoding: parameter.utf8) {
                    let field = Self.problem(decoding: name.utf8) == nil ? name.removingPercentEncoding ?? name : "query"
                    throw APIError.invalid(field, "the query parameter \"\(field)\" \(problem)")
                }
            }
        }
        return try await next(request, context)
    }

    /// The problem of percent-encoded text once decoded (`+` is left as it is), or nil.
    static func problem(decoding text: some Collection<UInt8>) -> InputText.Problem? {
        guard text.contains(UInt8(ascii: "%")) || text.contains(where: { $0 >= 0x80 || InputText.isRefusedControl($0) }) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count)
        var index = text.startIndex
        while index != text.endIndex {
            let byte = text[index]
            index = text.index(after: index)
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            let high = index == text.endIndex ? nil : Self.hex(text[index])
            let second = high == nil ? index : text.index(after: index)
            let low = second == text.endIndex ? nil : Self.hex(text[second])
            guard let high, let low else {
                bytes.append(byte)
                continue
            }
            bytes.append(high << 4 | low)
            index = text.index(after: second)
        }
        return bytes.withUnsafeBufferPointer { InputText.problem(inUTF8: $0, multiline: false) }
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
