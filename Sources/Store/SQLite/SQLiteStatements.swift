import GRDB

/// Runs the shared statements (`SQLStatement`) on a GRDB connection, each compiled once per connection
/// (GRDB's statement cache: their texts are fixed, or vary only by a bounded set of filters and list lengths).
extension Database {
    func execute(_ statement: SQLStatement) throws {
        try cachedStatement(sql: statement.sql).execute(arguments: statement.grdbArguments)
    }

    func rows(_ statement: SQLStatement) throws -> [Row] {
        try Row.fetchAll(cachedStatement(sql: statement.sql), arguments: statement.grdbArguments)
    }

    func strings(_ statement: SQLStatement) throws -> [String] {
        try String.fetchAll(cachedStatement(sql: statement.sql), arguments: statement.grdbArguments)
    }

    func integers(_ statement: SQLStatement) throws -> [Int64] {
        try Int64.fetchAll(cachedStatement(sql: statement.sql), arguments: statement.grdbArguments)
    }

    /// Runs a statement that returns rows only when it applies (an insert that finds its key free, an
    /// update whose expected state still holds, the lock of a row that exists); throws `refusal` otherwise.
    func require(_ statement: SQLStatement, else refusal: @autoclosure () -> StoreError) throws {
        guard try !rows(statement).isEmpty else { throw refusal() }
    }
}

extension SQLStatement {
    var grdbArguments: StatementArguments {
        StatementArguments(
            arguments.map { value -> DatabaseValue in
                switch value {
                case .text(let text): text.databaseValue
                case .integer(let integer): integer.databaseValue
                case .real(let real): real.databaseValue
                case .null: .null
                }
            })
    }
}
