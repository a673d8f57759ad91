import DataFormats
import Tariffs
import Testing

/// RULES.md C.4: the worked examples, on a customs value of USD 10,000, fees excluded.
struct WorkedExample: Sendable, CustomTestStringConvertible {
    var number: String
    var hts: String
    var origin: String
    var date: String
    var usmcaQualifying = false
    /// Layers in the total as `heading rate`, in the order listed.
    var layers: [String]
    /// Headings that must appear among the excluded layers.
    var excluded: [String] = []
    /// Layers listed but left out of the total until a fact is given.
    var conditional: [String] = []
    var totalRate: String
    var totalAmount: String
    /// Facts the answer must say it needs (and so be conditional).
    var needs: [String] = []

    var testDescription: String { "C.4 #\(number): \(hts) from \(origin) on \(date)" }
}

@Suite("RULES.md C.4 worked examples")
struct WorkedExampleTests {
    static let examples: [WorkedExample] = [
        WorkedExample(
            number: "1", hts: "8471.30.01", origin: "CN", date: "2025-09-15",
            layers: ["8471.30.01 0", "9903.01.24 20"], excluded: ["9903.88.16", "9903.01.32"],
            conditional: ["9903.94.05 25"], totalRate: "20", totalAmount: "2000.00", needs: ["automobile_part"]),
        WorkedExample(
            number: "2", hts: "8471.30.01", origin: "CN", date: "2025-11-15",
            layers: ["8471.30.01 0", "9903.01.24 10"], excluded: ["9903.88.16", "9903.01.32"],
            conditional: ["9903.94.05 25"], totalRate: "10", totalAmount: "1000.00", needs: ["automobile_part"]),
        WorkedExample(
            number: "3", hts: "8517.13.00", origin: "VN", date: "2025-09-15",
            layers: ["8517.13.00 0"], excluded: ["9903.01.32"], totalRate: "0", totalAmount: "0.00"),
        WorkedExample(
            number: "4", hts: "8542.31.00", origin: "CN", date: "2025-06-01",
            layers: ["8542.31.00 0", "9903.91.05 50", "9903.01.24 20"], excluded: ["9903.01.32"],
            totalRate: "70", totalAmount: "7000.00"),
        WorkedExample(
            number: "5", hts: "8507.60.00", origin: "CN", date: "2025-06-01",
            layers: ["8507.60.00 3.4", "9903.88.15 7.5", "9903.01.24 20", "9903.01.25 10"],
            conditional: ["9903.94.05 25"], totalRate: "40.9", totalAmount: "4090.00", needs: ["automobile_part"]),
        WorkedExample(
            number: "6", hts: "8507.60.00", origin: "CN", date: "2026-01-15",
            layers: ["8507.60.00 3.4", "9903.91.06 25", "9903.01.24 10", "9903.01.25 10"],
            excluded: ["9903.88.15"], conditional: ["9903.94.05 25"], totalRate: "48.4", totalAmount: "4840.00",
            needs: ["automobile_part"]),
        WorkedExample(
            number: "7", hts: "8473.30.11", origin: "CN", date: "2025-06-01",
            layers: ["8473.30.11 0", "9903.88.03 25", "9903.01.24 20"], excluded: ["9903.01.32"],
            totalRate: "45", totalAmount: "4500.00", needs: ["exclusion_description"]),
        WorkedExample(
            number: "8", hts: "8517.62.0010", origin: "CN", date: "2025-06-01",
            layers: ["8517.62.0010 0", "9903.88.04 25", "9903.01.24 20"], excluded: ["9903.88.15", "9903.01.32"],
            totalRate: "45", totalAmount: "4500.00"),
        WorkedExample(
            number: "8 (.0090)", hts: "8517.62.0090", origin: "CN", date: "2025-06-01",
            layers: ["8517.62.0090 0", "9903.88.15 7.5", "9903.01.24 20"], excluded: ["9903.88.04", "9903.01.32"],
            totalRate: "27.5", totalAmount: "2750.00"),
        WorkedExample(
            number: "9", hts: "8504.40.95", origin: "MX", date: "2025-06-01",
            layers: ["8504.40.95 0", "9903.01.01 25"], excluded: ["9903.01.27"], totalRate: "25", totalAmount: "2500.00"),
        WorkedExample(
            number: "9 (USMCA)", hts: "8504.40.95", origin: "MX", date: "2025-06-01", usmcaQualifying: true,
            layers: ["8504.40.95 0"], excluded: ["9903.01.01", "9903.01.27"], totalRate: "0", totalAmount: "0.00"),
        WorkedExample(
            number: "10", hts: "8528.52.00", origin: "CA", date: "2025-09-01",
            layers: ["8528.52.00 0", "9903.01.10 35"], excluded: ["9903.01.26"], totalRate: "35", totalAmount: "3500.00"),
        WorkedExample(
            number: "11", hts: "9405.42.84", origin: "DE", date: "2025-09-15",
            layers: ["9405.42.84 3.9", "9903.02.20 11.1"], totalRate: "15", totalAmount: "1500.00"),
        WorkedExample(
            number: "12 (CN)", hts: "9405.42.84", origin: "CN", date: "2025-09-15",
            layers: ["9405.42.84 3.9", "9903.88.03 25", "9903.01.24 20", "9903.01.25 10"],
            totalRate: "58.9", totalAmount: "5890.00"),
        WorkedExample(
            number: "12 (VN)", hts: "9405.42.84", origin: "VN", date: "2025-09-15",
            layers: ["9405.42.84 3.9", "9903.02.69 20"], totalRate: "23.9", totalAmount: "2390.00"),
        WorkedExample(
            number: "13 (DE)", hts: "7606.12.30", origin: "DE", date: "2025-09-01",
            layers: ["7606.12.30 3", "9903.85.02 50"], excluded: ["9903.01.33"], totalRate: "53", totalAmount: "5300.00"),
        WorkedExample(
            number: "13 (GB)", hts: "7606.12.30", origin: "GB", date: "2025-09-01",
            layers: ["7606.12.30 3", "9903.85.02 25"], excluded: ["9903.01.33"], totalRate: "28", totalAmount: "2800.00"),
        WorkedExample(
            number: "14", hts: "7606.12.30", origin: "CN", date: "2025-09-01",
            layers: ["7606.12.30 3", "9903.91.01 25", "9903.85.02 50", "9903.01.24 20"], excluded: ["9903.01.33"],
            totalRate: "98", totalAmount: "9800.00"),
        WorkedExample(
            number: "15", hts: "7318.15.80", origin: "CN", date: "2025-09-01",
            layers: ["7318.15.80 8.5", "9903.88.03 25", "9903.81.90 50", "9903.01.24 20"], excluded: ["9903.01.33"],
            totalRate: "103.5", totalAmount: "10350.00"),
        WorkedExample(
            number: "16", hts: "9030.90.4600", origin: "CN", date: "2025-10-01",
            layers: ["9030.90.4600 0", "9903.01.24 20", "9903.01.25 10"], excluded: ["9903.88.01"],
            totalRate: "30", totalAmount: "3000.00"),
        WorkedExample(
            number: "17", hts: "8703.23.01", origin: "JP", date: "2025-06-01",
            layers: ["8703.23.01 2.5", "9903.94.01 25"], excluded: ["9903.01.33"], totalRate: "27.5", totalAmount: "2750.00"),
    ]

    @Test("each worked example stacks the layers RULES.md C.4 lists, to its total", arguments: examples)
    func workedExample(_ example: WorkedExample) throws {
        let request = DutyRequest(
            hts: try #require(HTSCode(example.hts)), origin: example.origin, value: try #require(USD("10000")),
            date: try #require(CivilDate(example.date)), facts: DutyFacts(usmcaQualifying: example.usmcaQualifying))
        let answer = try Bundled.calculator.assess(request)
        #expect(answer.layers.filter(\.inTotal).map { "\($0.heading) \($0.rate)" } == example.layers)
        #expect(answer.layers.filter { !$0.inTotal }.map { "\($0.heading) \($0.rate)" } == example.conditional)
        for heading in example.excluded {
            #expect(answer.excluded.contains { $0.heading == heading }, "\(heading) is not among \(answer.excluded)")
        }
        #expect(answer.totalRate.description == example.totalRate)
        #expect(answer.totalAmount.description == example.totalAmount)
        #expect(Set(answer.needs.map(\.fact)) == Set(example.needs))
        #expect(answer.isConditional == !example.needs.isEmpty)
    }
}
