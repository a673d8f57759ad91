extension Determiner {
    /// The destination `code` names (`DE`, `hk`, `UA-43`), as a determination would resolve it, or an error
    /// naming `field` with the nearest codes. `US` is not an export destination.
    ///
    /// For input that stores a destination to be matched later (a licence's destinations), so that a code
    /// no determination can produce is refused when it is given, not silently never matched.
    public func destination(_ code: String, field: String) throws(DeterminationError) -> Destination {
        try resolveDestination(code, field: field)
    }
}
