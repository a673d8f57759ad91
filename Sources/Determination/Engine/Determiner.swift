import Foundation
import DataFormats

/// Determines whether an export needs a license under the EAR, following the order of Part 732.
///
/// Build one from the reference data and share it: it is a value and determinations do no I/O.
/// ```swift
/// let determiner = try Determiner(reference: ReferenceData(directory: BundledData.earDirectory))
/// let answer = try determiner.determine(DeterminationRequest(item: ItemClassification("4A994")!, destination: "DE"))
/// ```
public struct Determiner: Sendable {
    /// The tables the engine reads.
    public let reference: ReferenceData
    /// The policy toggles in force.
    public let policy: DeterminationPolicy
    let book: RuleBook

    /// Reads and checks every rule in `reference`; fails on a row the engine cannot read, naming it.
    public init(reference: ReferenceData, policy: DeterminationPolicy = .init()) throws(TableDataError) {
        self.reference = reference
        self.policy = policy
        self.book = try RuleBook(reference: reference)
    }

    /// The end-use tags `--end-use` accepts.
    public var endUseTags: [String] { book.endUseTags }

    /// The fact keys `--fact` accepts, with their questions.
    public var facts: [FactDefinition] { book.factOrder }

    /// The determination for `request`; throws when the item or destination is not one the data covers.
    public func determine(_ request: DeterminationRequest) throws(DeterminationError) -> Determination {
        let destination = try resolveDestination(request.destination, field: "destination")
        for code in request.transit { _ = try resolveDestination(code, field: "transit") }
        let entry = try resolveItem(request.item)
        let evaluation = Evaluation(request: request, destination: destination, entry: entry, book: book, policy: policy)
        evaluation.run()
        return evaluation.result(dataVersion: reference.dataVersion)
    }

    /// The destination of `code`, or an error naming `field`.
    func resolveDestination(_ code: String, field: String) throws(DeterminationError) -> Destination {
        let upper = Self.isNormalCode(code) ? code : code.trimmed.uppercased()
        if upper == "US" { throw DeterminationError(field: field, problem: .domesticDestination) }
        guard let destination = book.destinations[normalized: upper] else {
            throw DeterminationError(
                field: field, problem: .unknownDestination(code, suggestions: book.destinations.suggestions(for: upper)))
        }
        return destination
    }

    /// Whether `code` is already trimmed and upper-case (`DE`, `UA-43`), as most requests give it.
    private static func isNormalCode(_ code: String) -> Bool {
        !code.utf8.isEmpty && code.utf8.allSatisfy { byte in
            (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                || byte == UInt8(ascii: "-")
        }
    }

    /// The CCL entry of the item (nil for EAR99 and ITAR items), or an error with the nearest ECCNs.
    func resolveItem(_ item: ItemClassification) throws(DeterminationError) -> CompiledEntry? {
        guard item.kind == .eccn else { return nil }
        guard let entry = book.entries[item.eccn] else {
            throw DeterminationError(
                field: "eccn", problem: .unknownECCN(item.eccn, suggestions: nearestECCNs(to: item.eccn)))
        }
        return entry
    }

    /// Up to five CCL ECCNs nearest to `eccn`: same category and group first, then by edit distance.
    func nearestECCNs(to eccn: String) -> [String] {
        let target = Array(eccn)
        let number = Int(String(target.suffix(3)))
        func distance(_ other: String) -> Int {
            let candidate = Array(other)
            let differing = zip(target, candidate).filter { $0 != $1 }.count
            guard target.prefix(2) == candidate.prefix(2), let number, let theirs = Int(String(candidate.suffix(3))) else {
                return 100 + differing * 10
            }
            return min(abs(number - theirs), 99)
        }
        let ranked: [(eccn: String, distance: Int)] = book.entries.keys.map { ($0, distance($0)) }
        let sorted = ranked.sorted { a, b in a.distance != b.distance ? a.distance < b.distance : a.eccn < b.eccn }
        return sorted.prefix(5).map(\.eccn)
    }
}

extension Determiner {
    /// A request as text, field by field (CLI options, CSV columns, HTTP parameters), before it is checked.
    public struct Input: Sendable, Hashable {
        public var eccn: String
        public var destination: String
        public var endUses: [String] = []
        public var endUserCountry: String?
        public var parentCountry: String?
        public var value: String?
        public var date: String?
        public var facts: [String] = []
        public var transit: [String] = []
        public var usContent: String?
        public var redFlags: [String] = []

        public init(eccn: String, destination: String) {
            self.eccn = eccn
            self.destination = destination
        }
    }

    /// Checks every field of `input` and builds the request; the error names the first bad field.
    public func request(from input: Input, parties: [PartyScreening] = []) throws(DeterminationError)
        -> DeterminationRequest
    {
        guard let item = ItemClassification(input.eccn) else {
            throw DeterminationError(field: "eccn", problem: .malformedECCN(input.eccn))
        }
        _ = try resolveItem(item)
        _ = try resolveDestination(input.destination, field: "destination")
        var endUses: [String] = []
        for tag in input.endUses {
            let normalised = tag.trimmed.lowercased()
            guard book.endUseTags.contains(normalised) else {
                throw DeterminationError(field: "end-use", problem: .unknownEndUse(tag, known: book.endUseTags))
            }
            if !endUses.contains(normalised) { endUses.append(normalised) }
        }
        var facts: [String: Bool] = [:]
        for text in input.facts {
            let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmed }
            guard parts.count == 2,
                let key = book.factKeysByLowercase[parts[0].lowercased()],
                let value = Self.yesNo(parts[1].lowercased())
            else {
                throw DeterminationError(field: "fact", problem: .badFact(text, known: book.factOrder.map(\.key)))
            }
            facts[key] = value
        }
        for tag in endUses where book.facts[tag]?.isEndUseTag == true && facts[tag] == nil {
            facts[tag] = true
        }
        let endUser = try input.endUserCountry.map { code throws(DeterminationError) in
            try resolveCountry(code, field: "end-user-country")
        }
        let parent = try input.parentCountry.map { code throws(DeterminationError) in
            try resolveCountry(code, field: "parent-country")
        }
        var value: Double?
        if let text = input.value {
            guard let number = Self.number(text), number >= 0 else {
                throw DeterminationError(field: "value", problem: .notANumber(text))
            }
            value = number
        }
        var date: CivilDate?
        if let text = input.date {
            guard let day = CivilDate(text.trimmed) else {
                throw DeterminationError(field: "date", problem: .notADate(text))
            }
            date = day
        }
        var content: Double?
        if let text = input.usContent {
            guard let number = Self.number(text.hasSuffix("%") ? String(text.dropLast()) : text) else {
                throw DeterminationError(field: "us-content", problem: .notANumber(text))
            }
            guard (0...100).contains(number) else {
                throw DeterminationError(field: "us-content", problem: .percentOutOfRange(text))
            }
            content = number
        }
        var transit: [String] = []
        for code in input.transit { transit.append(try resolveDestination(code, field: "transit").code) }
        return DeterminationRequest(
            item: item, destination: input.destination.trimmed.uppercased(),
            endUses: endUses, endUserCountry: endUser, parentCountry: parent, valueUSD: value, date: date,
            facts: facts, parties: parties, transit: transit, usContentPercent: content,
            redFlags: input.redFlags.filter { !$0.trimmed.isEmpty })
    }

    /// A country code for a headquarters field: any chart destination, Hong Kong, or the United States.
    private func resolveCountry(_ code: String, field: String) throws(DeterminationError) -> String {
        let upper = code.trimmed.uppercased()
        if upper == "US" { return upper }
        return try resolveDestination(upper, field: field).code
    }

    private static func yesNo(_ text: String) -> Bool? {
        switch text {
        case "yes", "true", "y", "1": true
        case "no", "false", "n", "0": false
        default: nil
        }
    }

    /// `1500`, `1,500.00`, `$400`; nil for anything else, and for NaN or infinity.
    static func number(_ text: String) -> Double? {
        var digits = text.trimmed
        if digits.hasPrefix("$") { digits.removeFirst() }
        digits = digits.filter { $0 != "," }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            digits.filter({ $0 == "." }).count <= 1, let value = Double(digits), value.isFinite
        else { return nil }
        return value
    }
}
