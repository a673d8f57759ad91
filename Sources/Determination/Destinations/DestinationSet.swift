/// A set of destinations read from an expression such as `D:1 + D:4 + D:5 - A:5 - A:6 + AE`.
///
/// Terms are ISO codes, country groups, `worldwide`, or `@name` sets; `+` adds and `-` removes,
/// left to right. Members are Country Chart codes, so Hong Kong and the Ukrainian regions are tested
/// through the code whose row they take.
struct DestinationSet: Sendable, Hashable {
    let expression: String
    let members: Set<String>

    func contains(_ destination: Destination) -> Bool {
        members.contains(destination.chartCode)
    }

    /// Why an expression could not be read.
    struct ExpressionError: Error {
        var message: String
    }

    init(_ expression: String, catalog: DestinationCatalog, groups: ReferenceTable<CountryGroupMembership>,
         named: [String: Set<String>]) throws(ExpressionError)
    {
        var members: Set<String> = []
        var adding = true
        var expectTerm = true
        for token in expression.split(separator: " ").map(String.init) {
            if token == "+" || token == "-" {
                guard !expectTerm else { throw ExpressionError(message: "\"\(token)\" where a term was expected") }
                adding = token == "+"
                expectTerm = true
                continue
            }
            guard expectTerm else { throw ExpressionError(message: "\"\(token)\" follows a term without + or -") }
            let term: Set<String>
            if token == "worldwide" {
                term = catalog.chartCodes
            } else if let group = CountryGroup(rawValue: token) {
                term = groups.countries(in: group).intersection(catalog.chartCodes)
            } else if token.hasPrefix("@") {
                guard let set = named[String(token.dropFirst())] else {
                    throw ExpressionError(message: "no destination set named \"\(token)\"")
                }
                term = set
            } else if catalog.chartCodes.contains(token) {
                term = [token]
            } else {
                throw ExpressionError(message: "\"\(token)\" is not a chart country, a country group or a named set")
            }
            members = adding ? members.union(term) : members.subtracting(term)
            expectTerm = false
        }
        guard !expectTerm else { throw ExpressionError(message: "the expression \"\(expression)\" is incomplete") }
        self.expression = expression
        self.members = members
    }
}
