import Foundation
import DataFormats

/// What OFAC's legacy Remarks field says: dates of birth, nationalities, weak aliases and ids.
///
/// Remarks is a `; `-separated mini-language (`DOB 10 Dec 1948; nationality Iran; a.k.a. 'BNC'.`)
/// and, in the legacy CSV, the only place for these facts. Items the model has no field for
/// (POB, Gender, Linked To, sanctions notes) stay readable in `Entity.remarks`.
struct OFACRemarks: Sendable, Hashable {
    var datesOfBirth: [DateOfBirth] = []
    /// ISO alpha-2 where the name is known, else the name as written.
    var nationalities: [String] = []
    /// `a.k.a.` / `f.k.a.` / `n.k.a.` names: OFAC calls these weak (too broad to alert on alone).
    var aliases: [Alias] = []
    var identifiers: [Identifier] = []
    /// Items that look like a date of birth but could not be read.
    var unreadable: [String] = []

    /// Reads every item of a Remarks text (already joined with its sdn_comments continuation).
    static func parse(_ text: String) -> OFACRemarks {
        let bytes = Array(text.utf8)
        var remarks = OFACRemarks()
        for range in itemRanges(in: bytes) {
            remarks.read(bytes[range])
        }
        return remarks
    }

    /// The `; `-separated items, where a `; ` inside a quoted alias does not split.
    static func items(of text: String) -> [String] {
        let bytes = Array(text.utf8)
        return itemRanges(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Where each item is in `bytes`, without surrounding whitespace; empty items are left out.
    private static func itemRanges(in bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        func add(_ start: Int, _ end: Int) {
            var start = start
            var end = end
            while start < end, bytes[start].isASCIIWhitespace { start += 1 }
            while start < end, bytes[end - 1].isASCIIWhitespace { end -= 1 }
            if start < end { ranges.append(start..<end) }
        }
        var start = 0
        var index = 0
        while index < bytes.count {
            if aliasMarkerLength(in: bytes[...], at: index) != nil, index == start || bytes[index - 1] == UInt8(ascii: " ") {
                index = aliasEnd(in: bytes[...], from: index + aliasMarker.count) + 1
                continue
            }
            if bytes[index] == UInt8(ascii: ";"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: " ") {
                add(start, index)
                index += 2
                start = index
                continue
            }
            index += 1
        }
        add(start, bytes.count)
        return ranges
    }

    // MARK: - Items

    private mutating func read(_ bytes: ArraySlice<UInt8>) {
        if Self.aliasMarkerLength(in: bytes, at: bytes.startIndex) != nil {
            aliases += Self.weakAliases(in: bytes)
            return
        }
        var item = bytes
        if item.starts(with: Self.altPrefix) { item = item.dropFirst(Self.altPrefix.count) }
        if item.last == UInt8(ascii: ".") { item = item.dropLast() }

        if item.starts(with: Self.dobPrefix) {
            if let date = Self.dateOfBirth(String(decoding: item.dropFirst(Self.dobPrefix.count), as: UTF8.self)) {
                datesOfBirth.append(date)
            } else {
                unreadable.append(String(decoding: bytes, as: UTF8.self))
            }
        } else if let prefix = Self.nationalityPrefixes.first(where: { item.starts(with: $0) }) {
            let country = String(decoding: item.dropFirst(prefix.count), as: UTF8.self)
            if let code = CountryCodes.resolve(country), !nationalities.contains(code) {
                nationalities.append(code)
            }
        } else if let identifier = Self.identifier(item) {
            identifiers.append(identifier)
        }
    }

    private static let altPrefix = Array("alt. ".utf8)
    private static let dobPrefix = Array("DOB ".utf8)
    private static let nationalityPrefixes = [Array("nationality ".utf8), Array("citizen ".utf8)]

    // MARK: - Weak aliases

    private static let aliasMarker = Array("a.k.a. '".utf8)

    /// `aka` / `fka` / `nka` for the first letter of an alias marker.
    private static func aliasKind(_ letter: UInt8) -> String? {
        switch letter {
        case UInt8(ascii: "a"): "aka"
        case UInt8(ascii: "f"): "fka"
        case UInt8(ascii: "n"): "nka"
        default: nil
        }
    }

    /// The length of an `a.k.a. '` / `f.k.a. '` / `n.k.a. '` marker at `index`, if one is there.
    private static func aliasMarkerLength(in bytes: ArraySlice<UInt8>, at index: Int) -> Int? {
        guard index + aliasMarker.count <= bytes.endIndex, aliasKind(bytes[index]) != nil else { return nil }
        for offset in 1..<aliasMarker.count where bytes[index + offset] != aliasMarker[offset] {
            return nil
        }
        return aliasMarker.count
    }

    /// The index of the quote closing an alias whose name starts at `start` (or the end of the text).
    ///
    /// A name may hold `'` (`ABU-'UMAR`, `AL-DARDA', Abu`), so only a quote followed by `;`, by `.`
    /// at the end of an item, by the end of the text, by `, '` or by another alias marker closes it.
    private static func aliasEnd(in bytes: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.endIndex {
            if bytes[index] == UInt8(ascii: "'"), closesAlias(bytes, after: index + 1) {
                return index
            }
            index += 1
        }
        return bytes.endIndex
    }

    private static func closesAlias(_ bytes: ArraySlice<UInt8>, after next: Int) -> Bool {
        guard next < bytes.endIndex else { return true }
        switch bytes[next] {
        case UInt8(ascii: ";"):
            return true
        case UInt8(ascii: "."):
            return next + 1 == bytes.endIndex || bytes[next + 1] == UInt8(ascii: " ")
        case UInt8(ascii: ","):
            return next + 2 < bytes.endIndex && bytes[next + 1] == UInt8(ascii: " ") && bytes[next + 2] == UInt8(ascii: "'")
        case UInt8(ascii: " "):
            return aliasMarkerLength(in: bytes, at: next + 1) != nil
        default:
            return false
        }
    }

    /// Every quoted alias in an item that starts with an alias marker (`a.k.a. 'X' a.k.a. 'Y'` too).
    private static func weakAliases(in bytes: ArraySlice<UInt8>) -> [Alias] {
        var aliases: [Alias] = []
        var index = bytes.startIndex
        while let markerLength = aliasMarkerLength(in: bytes, at: index), let kind = aliasKind(bytes[index]) {
            let nameStart = index + markerLength
            let nameEnd = aliasEnd(in: bytes, from: nameStart)
            let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self).trimmedText
            if !name.isEmpty {
                aliases.append(Alias(name: name, strength: .weak, kind: kind))
            }
            index = nameEnd + 1
            while index < bytes.endIndex, [UInt8(ascii: " "), UInt8(ascii: ","), UInt8(ascii: ".")].contains(bytes[index]) {
                index += 1
            }
        }
        return aliases
    }

    // MARK: - Dates of birth

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `10 Dec 1948`, `Dec 1948`, `1938`, `circa 1960`, `1960 to 1962`, `circa 1960-1962`,
    /// `01 Jan 1970 to 31 Dec 1972`. A range keeps its years (and its month when both ends share it).
    /// Impossible days (`31 Feb 1960`, `29 Feb 1961`) give nil.
    static func dateOfBirth(_ spec: String) -> DateOfBirth? {
        var text = spec.trimmedText
        var approximate = false
        if let rest = text.removingPrefix("circa ") {
            approximate = true
            text = rest
        }
        var bounds = text.parts(separatedBy: " to ")
        if bounds.count == 1, text.utf8.count == 9 {
            let years = text.split(separator: "-")
            if years.count == 2 { bounds = years.map(String.init) }
        }
        guard (1...2).contains(bounds.count), let from = calendarDate(bounds[0]) else { return nil }
        var date = DateOfBirth(year: from.year, month: from.month, day: from.day, approximate: approximate)
        if bounds.count == 2 {
            guard let to = calendarDate(bounds[1]), to.year >= from.year else { return nil }
            date.day = nil
            if to.year != from.year {
                date.toYear = to.year
                date.month = nil
            } else if to.month != from.month {
                date.month = nil
            }
        }
        return date
    }

    private static func calendarDate(_ text: String) -> (year: Int, month: Int?, day: Int?)? {
        let parts = text.split(separator: " ")
        guard let yearText = parts.last, yearText.count == 4, let year = Int(yearText), year > 1800 else { return nil }
        switch parts.count {
        case 1:
            return (year, nil, nil)
        case 2:
            guard let month = month(parts[0]) else { return nil }
            return (year, month, nil)
        case 3:
            // The day is checked against the month and leap years (`31 Feb` is nil).
            guard let month = month(parts[1]), let day = Int(parts[0]), CivilDate.isDay(year: year, month: month, day: day) else { return nil }
            return (year, month, day)
        default:
            return nil
        }
    }

    private static func month(_ name: Substring) -> Int? {
        guard name.count >= 3 else { return nil }
        return months.firstIndex(of: name.prefix(3).lowercased()).map { $0 + 1 }
    }

    // MARK: - Identifiers

    /// Labels of identifying items, mapped to the kind recorded (the label itself unless renamed).
    private static let identifierLabels: [String: String] = {
        let asWritten = [
            "Passport", "Diplomatic Passport", "National ID No.", "Cedula No.", "NIT #", "SSN", "Tax ID No.",
            "Registration Number", "Registration ID", "Business Registration Number",
            "Business Registration Document #", "Public Registration Number", "Commercial Registry Number",
            "Company Number", "UK Company Number", "Government Gazette Number", "Legal Entity Number",
            "C.R. No.", "Romanian C.R.", "Unified Social Credit Code (USCC)",
            "United Social Credit Code Certificate (USCCC)", "Economic Register Number (CBLS)",
            "Trade License No.", "Chamber of Commerce Number", "Istanbul Chamber of Comm. No.",
            "Dubai Chamber of Commerce Membership No.", "Central Registration System Number",
            "Certificate of Incorporation Number", "Enterprise Number", "Branch Unit Number", "Business Number",
            "V.A.T. Number", "D-U-N-S Number", "US FEIN", "RUC #", "RIF #", "RFC", "R.F.C.", "R.F.C. #",
            "C.U.R.P.", "C.U.R.P. #", "C.U.I.", "C.U.I.T.", "C.U.I.P.", "I.F.E.", "Credencial electoral",
            "Electoral Registry No.", "Folio Mercantil No.", "Matricula Mercantil No", "Identification Number",
            "Personal ID Card", "Turkish Identification Number", "Citizen's Card Number",
            "National Foreign ID Number", "Kenyan ID No.", "Tazkira National ID Card", "Numero de Identidad",
            "D.N.I.", "Residency Number", "Refugee ID Card", "Travel Document Number", "Driver's License No.",
            "Birth Certificate Number", "Cartilla de Servicio Militar Nacional", "VisaNumberID",
            "SRE Permit No.", "Permit Number", "LE Number", "RTN", "Italian Fiscal Code", "File Number",
            "Registered Charity No.", "License", "Organization Code", "SWIFT/BIC", "BIK (RU)", "ISIN",
            "Equity Ticker", "Website", "Email Address", "Phone Number", "Phone No.", "Telephone",
            "Telephone No.", "Fax", "Fax No.", "MMSI", "Vessel Registration Identification",
            "Aircraft Tail Number", "Aircraft Mode S Transponder Code", "Aircraft Serial Identification",
        ]
        var labels = Dictionary(uniqueKeysWithValues: asWritten.map { ($0, $0) })
        labels["Passport Booklet:"] = "Passport Booklet"
        labels["Telephone:"] = "Telephone"
        labels["Fax:"] = "Fax"
        labels["Vessel Registration Identification IMO"] = "IMO"
        labels["Identification Number IMO"] = "IMO Company Number"
        labels["Company Number IMO"] = "IMO Company Number"
        labels["Aircraft Manufacturer's Serial Number (MSN)"] = "MSN"
        labels["Aircraft Construction Number (also called L/N or S/N or F/N)"] = "Aircraft Construction Number"
        return labels
    }()

    /// Labels (as bytes, with the space that follows them) grouped by first word, longest first,
    /// so an item is matched against a handful only.
    private static let labelsByFirstWord: [String: [(label: [UInt8], kind: String)]] = {
        Dictionary(grouping: identifierLabels.map { (label: Array(($0.key + " ").utf8), kind: $0.value) }) {
            String(decoding: $0.label.prefix { $0 != UInt8(ascii: " ") }, as: UTF8.self)
        }
        .mapValues { $0.sorted { $0.label.count > $1.label.count } }
    }()

    private static let digitalCurrencyLabel = "Digital Currency Address - "
    private static let digitalCurrencyBytes = Array(digitalCurrencyLabel.utf8)
    private static let valueEnds = [Array(" issued ".utf8), Array(" expires ".utf8)]
    private static let countryOpen = Array(" (".utf8)

    /// The identifier kind recorded for an item label such as `Passport` or `Vessel Registration
    /// Identification IMO`; nil when the label does not name an identifier.
    static func identifierKind(label: String) -> String? {
        label.hasPrefix(digitalCurrencyLabel) ? label : identifierLabels[label]
    }

    /// `Passport 1084010 (Egypt) issued 2001`: the value, then the issuing country in the last `(…)`.
    static func identifier(_ item: String) -> Identifier? {
        identifier(Array(item.utf8)[...])
    }

    private static func identifier(_ item: ArraySlice<UInt8>) -> Identifier? {
        let space = UInt8(ascii: " ")
        let kind: String
        var rest: ArraySlice<UInt8>
        if item.starts(with: digitalCurrencyBytes) {
            let afterLabel = item.dropFirst(digitalCurrencyBytes.count)
            let currency = afterLabel.prefix { $0 != space }
            kind = digitalCurrencyLabel + String(decoding: currency, as: UTF8.self)
            rest = afterLabel.dropFirst(currency.count)
        } else {
            let firstWord = String(decoding: item.prefix { $0 != space }, as: UTF8.self)
            guard let match = labelsByFirstWord[firstWord]?.first(where: { item.starts(with: $0.label) }) else { return nil }
            kind = match.kind
            rest = item.dropFirst(match.label.count)
        }
        var value = Array(rest)
        for end in valueEnds {
            if let offset = value.firstOffset(of: end) { value.removeSubrange(offset...) }
        }
        var country: String?
        if value.last == UInt8(ascii: ")"), let open = value.lastOffset(of: countryOpen) {
            let name = String(decoding: value[(open + countryOpen.count)..<(value.count - 1)], as: UTF8.self)
            if let code = CountryCodes.code(forName: name) {
                country = code
                value.removeSubrange(open...)
            }
        }
        let text = String(decoding: value, as: UTF8.self).trimmedText
        return text.isEmpty ? nil : Identifier(kind: kind, value: text, country: country)
    }
}
