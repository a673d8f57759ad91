import Foundation

/// Recognises a list file's format from its first bytes, so `clearance lists import` and the HTTP
/// upload read a fresh download in whatever official format it comes (`--format` forces one).
public enum ListFormatDetection {
    /// Every format name Clearance reads (the manifest's `format` values).
    public static var formats: [String] { ListFormat.allCases.map(\.rawValue) }

    /// The format of `data`, or nil when its content is none Clearance recognises.
    ///
    /// A gzip file by what it inflates to (its first bytes); an `.xlsx` workbook (a zip with
    /// `xl/workbook.xml`) is the OFSI Consolidated List, as is a CSV starting `Last Updated,` or `Name 6,`.
    /// XML by its root element (`sanctionsData`: OFAC enhanced, `CONSOLIDATED_LIST`: UN, `export`:
    /// EU FSF, `Sanctions`: OFAC advanced, `Designations`: FCDO UK Sanctions List); a zip by its members (one with `content.xml` is an OpenDocument spreadsheet, another
    /// holds OFAC's enhanced XML); text by its first line (the CSL's and the DPL's headers, OFAC's header-less numbered rows).
    public static func detect(_ data: Data) -> String? {
        detectFormat(data)?.rawValue
    }

    /// Whether a file in format `detected` may stand for a source whose manifest format is `expected`:
    /// the same format, or both OFAC formats (legacy CSV, enhanced XML, advanced XML publish the same
    /// lists with the same ids), or both UK formats (the summary ODS and the FCDO XML share the UK
    /// Sanctions List ids). A DPL file is never imported as the SDN list because its content was recognised.
    public static func mayReplace(_ expected: String, with detected: String) -> Bool {
        let ofac = Set([ListFormat.ofacLegacyCSV, .ofacEnhancedXML, .ofacAdvancedXML].map(\.rawValue))
        let uk = Set([ListFormat.ukSanctionsListODS, .fcdoUKSanctionsXML, .ofsiConListXLSX, .ofsiConListCSV].map(\.rawValue))
        return expected == detected || (ofac.contains(expected) && ofac.contains(detected)) || (uk.contains(expected) && uk.contains(detected))
    }

    /// How many bytes a zip archive's members or a gzip file inflate to (nil for a file that is neither, or one
    /// whose archive cannot be read): what a parse of it really reads.
    public static func inflatedBytes(_ data: Data) -> Int? {
        if Gzip.isGzip(data), data.count >= 18 {
            let trailer = data.suffix(4).map(Int.init)
            return trailer[0] | trailer[1] << 8 | trailer[2] << 16 | trailer[3] << 24
        }
        return ZipMember.isZip(data) ? ZipMember.inflatedBytes(ListFile(path: "archive", data: data)) : nil
    }

    static func detectFormat(_ data: Data) -> ListFormat? {
        if Gzip.isGzip(data) {
            return Gzip.head(of: data).flatMap(detectFormat)
        }
        let head = Array(data.prefix(4_096))
        if ZipMember.isZip(data) {
            // Member names are stored uncompressed in the central directory at the archive's end.
            let names = Array(data.suffix(1 << 20))
            if names.firstOffset(of: Array("xl/workbook.xml".utf8)) != nil { return .ofsiConListXLSX }
            return names.firstOffset(of: Array("content.xml".utf8)) != nil ? .ukSanctionsListODS : .ofacEnhancedXML
        }
        var text = String(decoding: head, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let trimmed = text.drop { $0.isWhitespace }
        if trimmed.hasPrefix("<") {
            switch rootElement(of: String(trimmed)) {
            case "sanctionsData": return .ofacEnhancedXML
            case "CONSOLIDATED_LIST": return .unConsolidatedXML
            case "export": return .euFinancialSanctionsXML
            case "Sanctions": return .ofacAdvancedXML
            case "Designations": return .fcdoUKSanctionsXML
            default: return nil
            }
        }
        let firstLine = trimmed.prefix { $0 != "\n" && $0 != "\r" }
        if firstLine.hasPrefix("_id,source,") || firstLine.hasPrefix("\"_id\",\"source\",") || firstLine.hasPrefix("source,entity_number,") {
            return .tradeGovCSLCSV
        }
        if firstLine.hasPrefix("\"Name\"\t") || firstLine.hasPrefix("Name\t") { return .bisDPLTSV }
        if ["Last Updated,", "\"Last Updated\",", "Name 6,", "\"Name 6\","].contains(where: { firstLine.hasPrefix($0) }) {
            return .ofsiConListCSV
        }
        if let comma = firstLine.firstIndex(of: ","), !firstLine[..<comma].isEmpty, firstLine[..<comma].allSatisfy(\.isASCIIDigit) {
            return .ofacLegacyCSV
        }
        return nil
    }

    /// The name of the first element after the XML declaration, comments and processing instructions.
    private static func rootElement(of text: String) -> String? {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            if after.hasPrefix("?") || after.hasPrefix("!") {
                guard let close = after.firstIndex(of: ">") else { return nil }
                rest = after[after.index(after: close)...]
                continue
            }
            let name = after.prefix { !$0.isWhitespace && $0 != ">" && $0 != "/" }
            return name.split(separator: ":").last.map(String.init)
        }
        return nil
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
