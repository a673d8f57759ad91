import Foundation
import Monitor

/// The evaluation's servers and their RTTs (the shared WonderProxy measurements).
struct EvalData {
    let servers: [Landmark]
    let pairs: [LandmarkPair]
    private let table: [String: Double]

    init(servers path: String, rtt rttPath: String) throws {
        var servers: [Landmark] = []
        for line in try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 5, let lat = Double(f[3]), let lon = Double(f[4]), let p = GeoPoint(latitude: lat, longitude: lon) else {
                throw EvalError("\(path): bad row \(line)")
            }
            servers.append(Landmark(id: f[0], position: p, country: f[2]))
        }
        var pairs: [LandmarkPair] = [], table: [String: Double] = [:]
        for line in try String(contentsOfFile: rttPath, encoding: .utf8).split(whereSeparator: \.isNewline).dropFirst() {
            let f = line.split(separator: ",").map(String.init)
            guard f.count == 3, let rtt = Double(f[2]) else { throw EvalError("\(rttPath): bad row \(line)") }
            pairs.append(LandmarkPair(a: f[0], b: f[1], rttMs: rtt))
            table[Self.key(f[0], f[1])] = min(table[Self.key(f[0], f[1])] ?? .infinity, rtt)
        }
        self.servers = servers
        self.pairs = pairs
        self.table = table
    }

    func rtt(_ a: String, _ b: String) -> Double? { table[Self.key(a, b)] }

    private static func key(_ a: String, _ b: String) -> String { a < b ? "\(a)|\(b)" : "\(b)|\(a)" }

    static func continent(_ country: String) -> String {
        switch country {
        case "US", "CA", "MX", "PR", "GT", "CR": "North America"
        case "BR", "UY", "PE", "EC", "CO", "AR", "CL": "South America"
        case "AU", "NZ": "Oceania"
        case "ZA", "TN", "NG", "KE", "GH", "EG": "Africa"
        case "IN", "JP", "CN", "VN", "TH", "SA", "PK", "PH", "MY", "KZ", "KR", "KH", "IL", "ID", "HK", "BD", "AE", "LB", "SG", "TW":
            "Asia"
        default: "Europe"
        }
    }
}

struct EvalError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
