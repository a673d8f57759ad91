import Logging
import PostgresNIO

/// Runs the shared statements (`SQLStatement`) on a PostgreSQL connection.
extension PostgresConnection {
    @discardableResult
    func run(_ statement: SQLStatement, logger: Logger) async throws -> PostgresRowSequence {
        try await query(statement.postgres, logger: logger)
    }

    func strings(_ statement: SQLStatement, logger: Logger) async throws -> [String] {
        var values: [String] = []
        for try await value in try await run(statement, logger: logger).decode(String.self) { values.append(value) }
        return values
    }

    /// Runs a statement that returns rows only when it applies (an insert that finds its key free, an
    /// update whose expected state still holds, the lock of a row that exists); throws `refusal` otherwise.
    func require(_ statement: SQLStatement, logger: Logger, else refusal: @autoclosure () -> StoreError) async throws {
        var applied = false
        for try await _ in try await run(statement, logger: logger) { applied = true }
        guard applied else { throw refusal() }
    }

    func integers(_ statement: SQLStatement, logger: Logger) async throws -> [Int64] {
        var values: [Int64] = []
        for try await value in try await run(statement, logger: logger).decode(Int64.self) { values.append(value) }
        return values
    }
}

extension PostgresClient {
    func run(_ statement: SQLStatement, logger: Logger) async throws -> PostgresRowSequence {
        try await query(statement.postgres, logger: logger)
    }
}

extension SQLStatement {
    /// The statement with numbered placeholders and typed binds.
    var postgres: PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument {
            case .text(let text): binds.append(text)
            case .integer(let integer): binds.append(integer)
            case .real(let real): binds.append(real)
            case .null: binds.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: numbered, binds: binds)
    }
}
