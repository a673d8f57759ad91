import Tabular

/// Writes a determination as compact JSON by hand: the batch path's hot spot.
///
/// `JSONEncoder` spends most of its time on reflection; an order book of a million rows should not.
/// It writes exactly what the `Encodable` conformance writes (a test compares the two).
struct DeterminationJSONWriter {
    private var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(4096)
    }

    /// The JSON written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    private mutating func raw(_ literal: String) {
        bytes.append(contentsOf: literal.utf8)
    }

    /// `{"line":N,"id":…,` then the determination's own keys.
    mutating func line(_ determination: Determination, line: Int?, id: String?) {
        raw("{")
        var first = true
        if let line {
            key("line", first: &first)
            raw(String(line))
        }
        if let id {
            key("id", first: &first)
            string(id)
        }
        key("outcome", first: &first); string(determination.outcome.rawValue)
        key("item", first: &first); string(determination.item)
        key("destination", first: &first); string(determination.destination)
        key("findings", first: &first)
        raw("[")
        for (index, finding) in determination.findings.enumerated() {
            if index > 0 { raw(",") }
            self.finding(finding)
        }
        raw("]")
        key("license_exceptions", first: &first)
        raw("[")
        for (index, candidate) in determination.licenseExceptions.enumerated() {
            if index > 0 { raw(",") }
            var inner = true
            raw("{")
            key("code", first: &inner); string(candidate.code)
            key("citation", first: &inner); string(candidate.citation)
            key("available", first: &inner); raw(candidate.available ? "true" : "false")
            key("unmet", first: &inner); strings(candidate.unmet)
            key("covers", first: &inner); strings(candidate.covers)
            raw("}")
        }
        raw("]")
        key("notes", first: &first); strings(determination.notes)
        key("data_version", first: &first); string(determination.dataVersion)
        key("toggles", first: &first)
        raw("{")
        var inner = true
        for toggle in determination.toggles {
            key(toggle.name, first: &inner)
            raw(toggle.enabled ? "true" : "false")
        }
        raw("}}")
    }

    /// `{"line":N,"id":…,"error":"…"}`.
    mutating func error(_ message: String, line: Int, id: String?) {
        raw("{\"line\":" + String(line))
        if let id {
            raw(",\"id\":")
            string(id)
        }
        raw(",\"error\":")
        string(message)
        raw("}")
    }

    private mutating func finding(_ finding: Finding) {
        var first = true
        raw("{")
        key("prohibition", first: &first); optional(finding.prohibition)
        key("reason", first: &first); string(finding.reason)
        key("outcome", first: &first); string(finding.outcome.rawValue)
        key("citation", first: &first); string(finding.citation)
        key("explanation", first: &first); string(finding.explanation)
        key("regime", first: &first); optional(finding.regime?.name)
        key("multilateral", first: &first)
        raw(finding.regime.map { $0.isMultilateral ? "true" : "false" } ?? "null")
        key("sources", first: &first); strings(finding.sources.map(\.description))
        key("missing_fact", first: &first); optional(finding.missingFact)
        key("flags", first: &first); strings(finding.flags)
        if let entry = finding.listEntry {
            key("list_entry", first: &first)
            var inner = true
            raw("{")
            key("id", first: &inner); string(entry.id)
            key("name", first: &inner); string(entry.name)
            key("list", first: &inner); string(entry.list)
            key("score", first: &inner); raw("\(entry.score)")
            raw("}")
        }
        raw("}")
    }

    private mutating func key(_ name: String, first: inout Bool) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func optional(_ value: String?) {
        if let value { string(value) } else { raw("null") }
    }

    private mutating func strings(_ values: [String]) {
        raw("[")
        for (index, value) in values.enumerated() {
            if index > 0 { raw(",") }
            string(value)
        }
        raw("]")
    }

    /// A JSON string literal.
    private mutating func string(_ value: String) {
        JSONWriter.appendQuoted(value, to: &bytes)
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
