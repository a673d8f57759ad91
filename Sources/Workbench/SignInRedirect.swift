import Hummingbird
import Operations

/// Where a visitor who needs to sign in is sent: the sign-in page, told why the session ended (`ended`) and
/// where to go back to afterwards (`next`, a path of this site only: never another site).
enum SignInRedirect {
    /// Why a session ended, as the sign-in page's `ended` query value.
    enum Ended: String, CaseIterable {
        case idle, expired, revoked, disabled, ended

        /// The reason of a session lookup that found no standing session (nil for an active one).
        init?(_ lookup: SessionLookup) {
            switch lookup {
            case .active: return nil
            case .unknown: self = .ended
            case .revoked: self = .revoked
            case .idleExpired: self = .idle
            case .expired: self = .expired
            case .disabled: self = .disabled
            }
        }

        /// What the sign-in page tells the user.
        var message: String {
            switch self {
            case .idle: "Your session expired after a while without use. Sign in again to continue."
            case .expired: "Your session expired: it reached its time limit. Sign in again to continue."
            case .revoked: "You signed out. Sign in again to continue."
            case .disabled: "Your account is disabled."
            case .ended: "Your session has ended. Sign in again to continue."
            }
        }
    }

    /// The longest `next` path kept.
    static let maximumNextLength = 2048

    /// The sign-in page's address for `request`: a GET or HEAD of a page other than `/` is kept as `next`;
    /// `ended` says why the session ended, when there was one.
    static func location(for request: Request, ended: SessionLookup?) -> String {
        var query: [String] = []
        if request.method == .get || request.method == .head {
            var path = request.uri.path
            if let rest = request.uri.query, !rest.isEmpty { path += "?" + rest }
            if path != "/", let next = safeNext(path) { query.append("next=" + encode(next)) }
        }
        if let ended = ended.flatMap(Ended.init) { query.append("ended=" + ended.rawValue) }
        return query.isEmpty ? "/signin" : "/signin?" + query.joined(separator: "&")
    }

    /// `text` when it is a path of this site a signed-in user may be sent to: it starts with a single `/` (not
    /// `//` or `/\`, which browsers read as another host), has no backslash, control character or space, is
    /// not the sign-in or sign-out page, and is at most `maximumNextLength` long; nil otherwise.
    static func safeNext(_ text: String?) -> String? {
        guard let text, text.count <= maximumNextLength, text.hasPrefix("/"), !text.hasPrefix("//"),
            !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f || $0 == "\\" })
        else { return nil }
        var path = text.split(separator: "?", maxSplits: 1).first.map(String.init) ?? text
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        guard !["/signin", "/signout"].contains(path.lowercased()) else { return nil }
        return text
    }

    /// `text` percent-encoded for a query value (only unreserved characters and `/` left as they are).
    static func encode(_ text: String) -> String {
        var encoded = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                encoded.append(Character(Unicode.Scalar(byte)))
            default:
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return encoded
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
