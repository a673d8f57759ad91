/// How old a set of dated reference tables is on a given day, and which of them are past the age
/// their publisher's rate of change allows.
///
/// Tables describe the rules as they stood on their compilation date. A question about a later day is
/// answered from them (nothing newer is known), with their age stated; once a table is older than its
/// documented limit on that day, the answer must be checked by a person (the engines turn it to
/// `needs_review` or `conditional`). A day on or before the compilation date is described by the
/// tables as compiled: their age on it is 0.
public struct DataFreshness: Sendable, Hashable {
    /// One table's limit, as its `tables.json` entry states it.
    public struct Limit: Sendable, Hashable {
        /// The table key, e.g. `rules`.
        public var table: String
        /// The table's file, for citing.
        public var file: String
        /// After this many days past the compilation date the table may be out of date.
        public var staleAfterDays: Int

        /// A limit.
        public init(table: String, file: String, staleAfterDays: Int) {
            self.table = table
            self.file = file
            self.staleAfterDays = staleAfterDays
        }
    }

    /// The day the tables were compiled (the end of their coverage).
    public let compiled: CivilDate
    /// Each table's limit, in manifest order.
    public let limits: [Limit]

    /// Freshness of tables compiled on `compiled` with `limits`.
    public init(compiled: CivilDate, limits: [Limit]) {
        self.compiled = compiled
        self.limits = limits
    }

    /// Days from the compilation date to `date` (0 when `date` is on or before it).
    public func age(on date: CivilDate) -> Int { max(0, date.days(since: compiled)) }

    /// The tables past their limit on `date`, in manifest order.
    public func stale(on date: CivilDate) -> [Limit] {
        let age = age(on: date)
        return limits.filter { age > $0.staleAfterDays }
    }

    /// A sentence for an answer whose tables are stale on `date`, or nil when none is.
    public func warning(on date: CivilDate, what: String) -> String? {
        let stale = stale(on: date)
        guard !stale.isEmpty else { return nil }
        let tables = stale.map { "\($0.file) (limit \($0.staleAfterDays) days)" }.joined(separator: ", ")
        return "the \(what) tables were compiled on \(compiled), \(age(on: date)) days before \(date); "
            + "\(tables) may have changed since: check the current rules before relying on this answer"
    }
}
