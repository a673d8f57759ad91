import DataFormats

/// A duty request as text, the way the CLI options, a ledger line and an HTTP body give it; `request()`
/// checks each field and names the one that is wrong.
public struct DutyInput: Sendable, Hashable {
    public var hts: String
    public var origin: String
    public var value: String
    public var date: String
    public var usmcaQualifying = false
    public var automobilePart: Bool?
    public var steelContent: String?
    public var aluminumContent: String?
    public var copperContent: String?
    public var transshipped = false

    /// The required fields; the facts start as "not stated".
    public init(hts: String, origin: String, value: String, date: String) {
        self.hts = hts
        self.origin = origin
        self.value = value
        self.date = date
    }

    /// The request these fields state.
    public func request() throws(DutyError) -> DutyRequest {
        guard let code = HTSCode(hts) else { throw .malformedHTS(hts) }
        guard let amount = USD(value) else { throw .malformedValue(value) }
        guard let day = CivilDate(date) else { throw .malformedDate(date) }
        func content(_ text: String?, _ field: String) throws(DutyError) -> USD? {
            guard let text else { return nil }
            guard let amount = USD(text) else { throw .malformedAmount(field: field, text: text) }
            return amount
        }
        let facts = DutyFacts(
            usmcaQualifying: usmcaQualifying, automobilePart: automobilePart,
            steelContent: try content(steelContent, "steel_content"),
            aluminumContent: try content(aluminumContent, "aluminum_content"),
            copperContent: try content(copperContent, "copper_content"), transshipped: transshipped)
        return DutyRequest(hts: code, origin: origin.uppercased(), value: amount, date: day, facts: facts)
    }
}
