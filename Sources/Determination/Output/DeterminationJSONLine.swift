import DataFormats

/// Writes a determination as compact JSON with `JSONWriter`: the batch path's hot spot.
///
/// `JSONEncoder` spends most of its time on reflection; an order book of a million rows should not.
/// It writes exactly what the `Encodable` conformance writes (a test compares the two).
struct DeterminationJSONWriter {
    private var writer = JSONWriter()

    /// The JSON written so far.
    var text: String { writer.text }

    /// `{"line":N,"id":…,` then the determination's own keys.
    mutating func line(_ determination: Determination, line: Int?, id: String?) {
        writer.openObject()
        if let line {
            writer.key("line")
            writer.number(line)
        }
        if let id {
            writer.key("id")
            writer.string(id)
        }
        writer.key("outcome"); writer.string(determination.outcome.rawValue)
        writer.key("item"); writer.string(determination.item)
        writer.key("destination"); writer.string(determination.destination)
        writer.key("findings")
        writer.openArray()
        for finding in determination.findings { self.finding(finding) }
        writer.closeArray()
        writer.key("license_exceptions")
        writer.openArray()
        for candidate in determination.licenseExceptions {
            writer.openObject()
            writer.key("code"); writer.string(candidate.code)
            writer.key("citation"); writer.string(candidate.citation)
            writer.key("available"); writer.bool(candidate.available)
            writer.key("unmet"); writer.strings(candidate.unmet)
            writer.key("covers"); writer.strings(candidate.covers)
            writer.closeObject()
        }
        writer.closeArray()
        writer.key("notes"); writer.strings(determination.notes)
        writer.key("data_version"); writer.string(determination.dataVersion)
        writer.key("toggles")
        writer.openObject()
        for toggle in determination.toggles {
            writer.key(toggle.name)
            writer.bool(toggle.enabled)
        }
        writer.closeObject()
        writer.closeObject()
    }

    /// `{"line":N,"id":…,"error":"…"}`.
    mutating func error(_ message: String, line: Int, id: String?) {
        writer.openObject()
        writer.key("line"); writer.number(line)
        if let id {
            writer.key("id"); writer.string(id)
        }
        writer.key("error"); writer.string(message)
        writer.closeObject()
    }

    private mutating func finding(_ finding: Finding) {
        writer.openObject()
        writer.key("prohibition"); writer.string(finding.prohibition)
        writer.key("reason"); writer.string(finding.reason)
        writer.key("outcome"); writer.string(finding.outcome.rawValue)
        writer.key("citation"); writer.string(finding.citation)
        writer.key("explanation"); writer.string(finding.explanation)
        writer.key("regime"); writer.string(finding.regime?.name)
        writer.key("multilateral")
        if let regime = finding.regime { writer.bool(regime.isMultilateral) } else { writer.null() }
        writer.key("sources"); writer.strings(finding.sources.map(\.description))
        writer.key("missing_fact"); writer.string(finding.missingFact)
        writer.key("flags"); writer.strings(finding.flags)
        if let entry = finding.listEntry {
            writer.key("list_entry")
            writer.openObject()
            writer.key("id"); writer.string(entry.id)
            writer.key("name"); writer.string(entry.name)
            writer.key("list"); writer.string(entry.list)
            writer.key("score"); writer.number("\(entry.score)")
            writer.closeObject()
        }
        writer.closeObject()
    }
}

extension Determination {
    /// The determination as one line of compact JSON, optionally led by the batch row's `line` and `id`.
    public func jsonLine(line: Int? = nil, id: String? = nil) -> String {
        var writer = DeterminationJSONWriter()
        writer.line(self, line: line, id: id)
        return writer.text
    }

    /// A batch row that could not be determined, as one line of JSON.
    public static func errorLine(_ message: String, line: Int, id: String?) -> String {
        var writer = DeterminationJSONWriter()
        writer.error(message, line: line, id: id)
        return writer.text
    }
}
