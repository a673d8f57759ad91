/// How many malformed records a list may hold and still be read.
///
/// A record that fails validation (a wrong field count, broken quoting, no name or id, an id seen
/// before, a joined OFAC row for an entity that is not there)
/// is skipped and reported with its file and line. A few such records in a large publication are
/// the publisher's slips; many mean the file is damaged or not in the format the manifest names,
/// and reading the rest would silently shrink the list. So a list is refused when more than
/// `maxCount` records, or more than `maxPercent`% of its records, are malformed, whichever limit
/// is lower; within both, every skipped record is in `ParsedList.issues`. Warnings about records
/// that are kept (an unreadable date of birth left out) do not count.
public enum ListTolerance {
    /// The most malformed records a list may hold, however large it is.
    public static let maxCount = 25
    /// The most malformed records a list may hold, as a percentage of the records it has.
    public static let maxPercent = 1

    /// The rule in words, for messages.
    public static var description: String {
        "\(maxCount) records or \(maxPercent)% of them"
    }

    /// Whether `malformed` skipped records out of `records` are within both limits.
    public static func allows(malformed: Int, of records: Int) -> Bool {
        malformed <= maxCount && malformed * 100 <= records * maxPercent
    }

    /// Throws `tooManyMalformedRecords`, naming the first five, when `output` is beyond tolerance.
    static func check(_ output: ParseOutput, source: String) throws(ListLoadError) {
        guard !allows(malformed: output.skipped.count, of: output.records) else { return }
        throw .tooManyMalformedRecords(
            source: source, malformed: output.skipped.count, records: output.records, first: Array(output.skipped.prefix(5)))
    }
}
