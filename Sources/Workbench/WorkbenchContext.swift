import Hummingbird
import Logging
import NIOCore
import Operations

/// The request context of a Workbench page: Hummingbird's core storage, the client's address (sign-in
/// failures are counted per user and client), and what the session middleware learnt: the signed-in
/// session, the secret the CSRF token is derived from, and the decoded form of a POST.
public struct WorkbenchContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's IP address ("unknown" when the connection has none).
    public let client: String
    /// The signed-in session, if any.
    public var session: ActiveSession?
    /// The session token, or a signed-out visitor's nonce: what this request's CSRF token belongs to.
    public var csrfSecret: String?
    /// Why a session cookie was refused (expired, signed out), to tell the user on the sign-in page.
    public var sessionEnded: SessionLookup?
    /// The fields of a POSTed form (checked for its CSRF token before any handler runs).
    public var form = FormFields()
    /// The files of a POSTed `multipart/form-data` form (an upload).
    public var files: [UploadedFile] = []

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// Form bodies above this many bytes are refused with 413 before they are read.
    public var maxUploadSize: Int { 1024 * 1024 }

    /// The CSRF token forms of this page carry.
    var csrfToken: String { csrfSecret.map(Accounts.csrfToken(for:)) ?? "" }
}

/// The context `clearance serve` creates for every request: the connection, from which the API's or the
/// Workbench's own context is made once the path says which one answers.
public struct SiteContext: InitializableFromSource {
    let channel: any Channel
    let logger: Logger

    public init(source: ApplicationRequestContextSource) {
        channel = source.channel
        logger = source.logger
    }

    /// The connection as Hummingbird gave it, to make the answering context from.
    var source: ApplicationRequestContextSource { ApplicationRequestContextSource(channel: channel, logger: logger) }
}
