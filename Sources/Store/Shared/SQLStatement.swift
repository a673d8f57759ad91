/// One SQL statement written once for both backends: the text with `?` placeholders, and the values they
/// bind, in order. SQLite runs it as written; PostgreSQL numbers the placeholders (`$1`, `$2`, …).
///
/// A rule that must run inside a store's transaction (an atomic draw-down, the revocation sweep) is a
/// statement of this kind, so it is written once and both dialects run the same text.
struct SQLStatement: Sendable {
    let sql: String
    let arguments: [SQLValue]

    init(_ sql: String, _ arguments: any SQLBindable...) {
        self.sql = sql
        self.arguments = arguments.map(\.sqlValue)
    }

    init(_ sql: String, arguments: [any SQLBindable]) {
        self.sql = sql
        self.arguments = arguments.map(\.sqlValue)
    }

    /// The text with `?` placeholders numbered `$1`, `$2`, … (outside quoted literals and identifiers).
    var numbered: String {
        var text = ""
        text.reserveCapacity(sql.utf8.count + 8)
        var number = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                text.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                text.append(character)
            } else if character == "?" {
                number += 1
                text += "$\(number)"
            } else {
                text.append(character)
            }
        }
        return text
    }
}

/// A value a statement binds.
enum SQLValue: Sendable, Hashable {
    case text(String)
    case integer(Int64)
    case real(Double)
    case null
}

/// A Swift value a statement can bind.
protocol SQLBindable: Sendable {
    var sqlValue: SQLValue { get }
}

extension String: SQLBindable {
    var sqlValue: SQLValue { .text(self) }
}

extension Int64: SQLBindable {
    var sqlValue: SQLValue { .integer(self) }
}

extension Int: SQLBindable {
    var sqlValue: SQLValue { .integer(Int64(self)) }
}

extension Double: SQLBindable {
    var sqlValue: SQLValue { .real(self) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    var sqlValue: SQLValue { self?.sqlValue ?? .null }
}
