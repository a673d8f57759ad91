import GRDB

/// Runs the shared statements (`SQLStatement`) on a GRDB connection.
extension Database {
    func execute(_ statement: SQLStatement) throws {
        try execute(sql: statement.sql, arguments: statement.grdbArguments)
    }

    func rows(_ statement: SQLStatement) throws -> [Row] {
        try Row.fetchAll(self, sql: statement.sql, arguments: statement.grdbArguments)
    }

    func strings(_ statement: SQLStatement) throws -> [String] {
        try String.fetchAll(self, sql: statement.sql, arguments: statement.grdbArguments)
    }

    func integers(_ statement: SQLStatement) throws -> [Int64] {
        try Int64.fetchAll(self, sql: statement.sql, arguments: statement.grdbArguments)
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
