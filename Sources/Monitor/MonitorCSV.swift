import DataFormats
import Foundation

/// A row that could not be used: the file, the line and what is wrong.
public struct InputProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as given.
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// What is wrong.
    public let message: String

    /// A problem at `file:line`.
    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`.
    public var description: String { "\(file):\(line): \(message)" }
}

/// One row of the claims file: the device and its claim, or why the row cannot be used.
public struct ClaimRow: Sendable {
    /// The row's line.
    public let line: Int
    /// The device, when the row names one.
    public let device: String?
    /// The claim, or why the row cannot be used.
    public let claim: Result<Claim, InputProblem>
}

/// Reads the evaluation contract's CSV files (`L.csv`, `M.csv`, `C.csv`, `P.csv`): a header naming the
/// columns (any order, extra columns ignored), then rows; every bad row is a problem naming file and line.
public enum MonitorCSV {
    struct Table {
        let file: String
        let columns: [String: Int]
        let rows: [CSVRecord]

        init(_ data: Data, file: String, required: [String]) throws(InputProblem) {
            self.file = file
            let records: [CSVRecord]
            do {
                records = try CSVReader.records(in: data, options: .input)
            } catch {
                throw InputProblem(file: file, line: error.line, message: "column \(error.column): the field \(error.problem)")
            }
            guard let header = records.first else {
                throw InputProblem(file: file, line: 1, message: "the file is empty: the first line must name the columns \(required.joined(separator: ","))")
            }
            let names = header.fields.map { Self.trimmed($0).lowercased() }
            columns = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
            for name in required where columns[name] == nil {
                throw InputProblem(file: file, line: header.line, message: "missing column '\(name)' (the header must name \(required.joined(separator: ",")))")
            }
            rows = records.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }
            headerCount = names.count
        }

        let headerCount: Int

        func field(_ record: CSVRecord, _ name: String) -> String? {
            columns[name].flatMap { $0 < record.fields.count ? Self.trimmed(record.fields[$0]) : nil }
        }

        /// The text without leading and trailing spaces and tabs (fast: the measurement files are long).
        static func trimmed(_ text: String) -> String {
            let utf8 = text.utf8
            guard let first = utf8.first, let last = utf8.last, first == 32 || first == 9 || last == 32 || last == 9 else { return text }
            return text.trimmingCharacters(in: .whitespaces)
        }

        func check(_ record: CSVRecord) throws(InputProblem) {
            guard record.fields.count == headerCount else {
                throw InputProblem(file: file, line: record.line, message: "expected \(headerCount) fields as in the header, found \(record.fields.count)")
            }
        }

        func text(_ record: CSVRecord, _ name: String) throws(InputProblem) -> String {
            guard let value = field(record, name), !value.isEmpty else {
                throw InputProblem(file: file, line: record.line, message: "field \(name) is empty")
            }
            return value
        }

        func number(_ record: CSVRecord, _ name: String) throws(InputProblem) -> Double {
            let value = try text(record, name)
            guard let number = Double(value), number.isFinite else {
                throw InputProblem(file: file, line: record.line, message: "field \(name) '\(value)' is not a number")
            }
            return number
        }

        func point(_ record: CSVRecord) throws(InputProblem) -> GeoPoint {
            let lat = try number(record, "latitude"), lon = try number(record, "longitude")
            guard let point = GeoPoint(latitude: lat, longitude: lon) else {
                throw InputProblem(file: file, line: record.line, message: "coordinates (\(lat), \(lon)) are off the globe: latitude must be -90 to 90, longitude -180 to 180")
            }
            return point
        }

        func rtt(_ record: CSVRecord) throws(InputProblem) -> Double {
            let rtt = try number(record, "rtt_ms")
            if let problem = MeasuredRTT.problem(rttMs: rtt) {
                throw InputProblem(file: file, line: record.line, message: "field rtt_ms \(rtt) \(problem)")
            }
            return rtt
        }
    }

    /// The landmarks (`id,latitude,longitude,country`); any bad row or repeated id is a problem.
    public static func landmarks(_ data: Data, file: String) -> (landmarks: [Landmark], problems: [InputProblem]) {
        let table: Table
        do { table = try Table(data, file: file, required: ["id", "latitude", "longitude", "country"]) } catch { return ([], [error]) }
        var landmarks: [Landmark] = [], problems: [InputProblem] = [], seen = Set<String>()
        for record in table.rows {
            do throws(InputProblem) {
                try table.check(record)
                let id = try table.text(record, "id"), point = try table.point(record)
                let country = try table.text(record, "country").uppercased()
                guard country.count == 2, country.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw InputProblem(file: file, line: record.line, message: "field country '\(country)' is not an ISO 3166 alpha-2 code")
                }
                guard seen.insert(id).inserted else { throw InputProblem(file: file, line: record.line, message: "landmark '\(id)' appears twice") }
                landmarks.append(Landmark(id: id, position: point, country: country))
            } catch {
                problems.append(error)
            }
        }
        return (landmarks, problems)
    }

    /// The landmark-to-landmark RTTs (`a,b,rtt_ms`); both ends must be known landmarks.
    public static func pairs(_ data: Data, file: String, landmarks: Set<String>) -> (pairs: [LandmarkPair], problems: [InputProblem]) {
        let table: Table
        do { table = try Table(data, file: file, required: ["a", "b", "rtt_ms"]) } catch { return ([], [error]) }
        var pairs: [LandmarkPair] = [], problems: [InputProblem] = []
        for record in table.rows {
            do throws(InputProblem) {
                try table.check(record)
                let a = try table.text(record, "a"), b = try table.text(record, "b"), rtt = try table.rtt(record)
                for id in [a, b] where !landmarks.contains(id) {
                    throw InputProblem(file: file, line: record.line, message: "unknown landmark '\(id)'")
                }
                pairs.append(LandmarkPair(a: a, b: b, rttMs: rtt))
            } catch {
                problems.append(error)
            }
        }
        return (pairs, problems)
    }

    /// The measurements (`device,landmark,rtt_ms`) by device, and per device the first bad row that makes its
    /// round unusable (a round read partly would shrink the evidence silently), and the rows naming no device.
    /// A file that cannot be read as a table (no header, a missing column) is thrown.
    public static func measurements(_ data: Data, file: String, landmarks: Set<String>) throws(InputProblem)
        -> (byDevice: [String: [MeasuredRTT]], badDevices: [String: InputProblem], problems: [InputProblem])
    {
        let table = try Table(data, file: file, required: ["device", "landmark", "rtt_ms"])
        var byDevice: [String: [MeasuredRTT]] = [:], bad: [String: InputProblem] = [:], problems: [InputProblem] = []
        for record in table.rows {
            let device = table.field(record, "device") ?? ""
            do throws(InputProblem) {
                try table.check(record)
                _ = try table.text(record, "device")
                let landmark = try table.text(record, "landmark"), rtt = try table.rtt(record)
                guard landmarks.contains(landmark) else {
                    throw InputProblem(file: file, line: record.line, message: "unknown landmark '\(landmark)'")
                }
                byDevice[device, default: []].append(MeasuredRTT(landmark: landmark, rttMs: rtt))
            } catch {
                if device.isEmpty { problems.append(error) } else if bad[device] == nil { bad[device] = error }
            }
        }
        return (byDevice, bad, problems)
    }

    /// The claims (`device,country`, optionally `latitude,longitude,radius_km` for a site), in file order.
    public static func claims(_ data: Data, file: String, index: BoundaryIndex) -> (rows: [ClaimRow], problem: InputProblem?) {
        let table: Table
        do { table = try Table(data, file: file, required: ["device", "country"]) } catch { return ([], error) }
        let rows = table.rows.map { record -> ClaimRow in
            let device = table.field(record, "device").flatMap { $0.isEmpty ? nil : $0 }
            do throws(InputProblem) {
                try table.check(record)
                _ = try table.text(record, "device")
                let country = try table.text(record, "country").uppercased()
                guard index.area(country) != nil, country.count == 2 || country.hasPrefix("UA-") else {
                    throw InputProblem(file: file, line: record.line, message: "unknown country code '\(country)'")
                }
                let siteFields = ["latitude", "longitude", "radius_km"].map { table.field(record, $0) ?? "" }
                if siteFields.allSatisfy(\.isEmpty) { return ClaimRow(line: record.line, device: device, claim: .success(Claim(country: country))) }
                let centre = try table.point(record), radius = try table.number(record, "radius_km")
                guard let site = Site(centre: centre, radiusKm: radius) else {
                    throw InputProblem(file: file, line: record.line, message: "field radius_km \(radius) must be above 0 and below 20015 km")
                }
                return ClaimRow(line: record.line, device: device, claim: .success(Claim(country: country, site: site)))
            } catch {
                return ClaimRow(line: record.line, device: device, claim: .failure(error))
            }
        }
        return (rows, nil)
    }
}
