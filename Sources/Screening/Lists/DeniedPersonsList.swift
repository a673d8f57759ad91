import Foundation
import DataFormats

/// The BIS Denied Persons List `dpl.txt`: tab-separated, every field quoted, one header row.
///
/// The file has one row per (person, address) and no id column. Rows are grouped into one
/// denial order by Name + Effective_Date + FR_Citation, and each order gets the stable id
/// `us-dpl:<first 16 hex digits of SHA-256("<name>|<Effective_Date>|<FR_Citation>")>`, where
/// `<name>` is the name trimmed, upper-cased and with runs of whitespace made one space, and the
/// other two are the fields as written, trimmed. The id survives re-ordering and address edits,
/// and changes only when BIS issues or re-dates an order.
enum DeniedPersonsList {
    static let columns = [
        "Name", "Street_Address", "City", "State", "Country", "Postal_Code", "Effective_Date",
        "Expiration_Date", "Standard_Order", "Last_Update", "Action", "FR_Citation",
    ]

    /// One entity per denial order; published = the latest `Last_Update` not after `today`.
    ///
    /// - Parameter today: the current day (UTC); later `Last_Update` values (typos such as `3033-09-30`)
    ///   are reported as warnings and do not count as the publication date.
    ///
    /// The file must be UTF-8 text (`TextCheck`); a row that ends the file without a line break or
    /// inside a quoted field is reported in `cutOff`, not read.
    static func parse(source: String, file: ListFile, today: CivilDate = CivilDate(utc: Date())) throws(ListLoadError) -> ParseOutput {
        try TextCheck.validate(file)
        let contents = ListCSV.read(file.data, delimiter: UInt8(ascii: "\t"))
        var records = contents.records[...]
        let header = records.popFirst()
        let column = try HeaderCheck.columns(of: header.map { ($0.fields, $0.line) }, in: file, required: columns)
        let fieldCount = header?.fields.count ?? columns.count

        var output = ParseOutput()
        output.records = records.count
        output.cutOff = contents.cutOff.map { ParseIssue(file: file.path, line: $0.line, message: $0.detail) }
        var orders: [String: Int] = [:]
        for record in records {
            if let fault = record.fault {
                output.skip(file: file.path, line: record.line, message: "malformed row: \(fault); record skipped")
                continue
            }
            guard record.fields.count == fieldCount else {
                output.skip(file: file.path, line: record.line, message: "expected \(fieldCount) fields, found \(record.fields.count); record skipped")
                continue
            }
            let field = { (name: String) -> String in column[name].map { record.fields[$0].trimmedText } ?? "" }
            let name = field("Name")
            guard !name.isEmpty else {
                output.skip(file: file.path, line: record.line, field: "Name", message: "no name; record skipped")
                continue
            }

            let lastUpdate = field("Last_Update")
            if let updated = CivilDate(lastUpdate) {
                if updated > today {
                    output.issues.append(ParseIssue(file: file.path, line: record.line, field: "Last_Update", message: "\(lastUpdate) is in the future (typo in the source?); record kept, date not used as the list date"))
                } else if lastUpdate > (output.published ?? "") {
                    output.published = lastUpdate
                }
            }

            let address = Address(
                street: nonEmpty(field("Street_Address")), city: nonEmpty(field("City")),
                region: nonEmpty(field("State")), postalCode: nonEmpty(field("Postal_Code")),
                country: country(field("Country"))
            )
            let key = orderKey(name: name, effectiveDate: field("Effective_Date"), citation: field("FR_Citation"))
            if let index = orders[key] {
                if !output.entities[index].addresses.contains(address) {
                    output.entities[index].addresses.append(address)
                }
                continue
            }
            let index = output.entities.count
            let added = output.add(Entity(
                id: "\(source):\(StableID.of(key))", source: source, programs: ["Denied Persons List"],
                type: .unknown, name: name, addresses: [address],
                remarks: remarks(["Effective_Date", "Expiration_Date", "Standard_Order", "FR_Citation", "Action"].map { ($0, field($0)) }),
                listing: ListingTerms(
                    licenseRequirement: "Denial order: no dealing in items subject to the EAR (Part 764; Supp. No. 2 to Part 736)",
                    federalRegisterNotice: field("FR_Citation").nilIfEmpty, startDate: field("Effective_Date").nilIfEmpty)
            ), file: file.path, line: record.line)
            if added { orders[key] = index }
        }
        return output
    }

    /// `<normalised name>|<Effective_Date>|<FR_Citation>`, the text the id is hashed from.
    static func orderKey(name: String, effectiveDate: String, citation: String) -> String {
        "\(StableID.normalisedName(name))|\(effectiveDate)|\(citation)"
    }

    /// ISO-2 as written; empty means a US address (the State column then holds the US state).
    private static func country(_ field: String) -> String? {
        field.isEmpty ? "US" : CountryCodes.code(orName: field)
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    /// The order's terms as `Field: value; …`, for the analyst (the list has no remarks column).
    private static func remarks(_ fields: [(String, String)]) -> String? {
        let parts = fields.filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }
}
