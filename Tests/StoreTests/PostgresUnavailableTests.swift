import Audit
import Foundation
import Store
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A PostgreSQL server that is down or does not answer makes store calls fail as unavailable within the
/// store's lease timeout; before, they waited for a connection forever (and with them every request and
/// the service's shutdown).
@Suite struct PostgresUnavailableTests {
    /// A loopback port on which nothing listens (bound, then released).
    private static func closedPort() throws -> Int {
        let socket = try LoopbackSocket()
        let port = socket.port
        socket.close()
        return port
    }

    private static func expectUnavailable(
        within limit: Duration, _ body: () async throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
    ) async {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try await body()
            Issue.record("the call succeeded without a server", sourceLocation: sourceLocation)
        } catch let error as StoreError {
            // Our deadline says "no connection could be had"; postgres-nio's own breaker may say so first.
            #expect(error.kind == .unavailable, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a StoreError: \(error)", sourceLocation: sourceLocation)
        }
        // Measured in wall time: in the full parallel test run this process's tasks can wait minutes for a thread,
        // so the bound is generous; without the deadline the call never returns at all.
        #expect(clock.now - started < limit, "the call waited \(clock.now - started)", sourceLocation: sourceLocation)
    }

    @Test("with nothing listening, migrations, reads, key lookups and audit appends fail as unavailable instead of waiting")
    func refusedConnectionsFailAsUnavailable() async throws {
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:\(try Self.closedPort())/clearance", leaseTimeout: .seconds(1))
        defer { store.shutdown() }
        await Self.expectUnavailable(within: .seconds(900)) { try await store.migrate() }
        await Self.expectUnavailable(within: .seconds(900)) { _ = try await store.auditHead() }
        await Self.expectUnavailable(within: .seconds(900)) { _ = try await store.key(secretHash: String(repeating: "0", count: 64)) }
        await Self.expectUnavailable(within: .seconds(900)) {
            _ = try await store.appendAudit(AuditDraft(actor: "test", action: "probe", inputDigest: "", result: "", versions: ""))
        }
    }

    @Test("a server that accepts the connection but never answers fails as unavailable too")
    func silentServerFailsAsUnavailable() async throws {
        let silent = try LoopbackSocket()  // listens; the kernel completes the handshake; nobody ever reads or writes
        defer { silent.close() }
        let store = try PostgresStore(url: "postgres://postgres@127.0.0.1:\(silent.port)/clearance", leaseTimeout: .seconds(1))
        defer { store.shutdown() }
        await Self.expectUnavailable(within: .seconds(900)) { _ = try await store.auditHead() }
    }
}

/// A listening TCP socket on 127.0.0.1 at a port the system chose.
private final class LoopbackSocket: Sendable {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { _ = Glibc.close(descriptor) }
}
