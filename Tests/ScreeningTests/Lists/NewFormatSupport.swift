import Foundation
import Testing
@testable import Screening

/// Fixtures of the list formats added in issue 14 (Tests/ScreeningTests/Fixtures, see its PROVENANCE.md)
/// and the fuzzing every one of their parsers gets.
enum NewFormatSupport {
    /// A fixture file named by its path relative to the fixtures folder.
    static func fixture(_ path: String) throws -> ListFile {
        try ListTestSupport.file(path, in: ListTestSupport.fixturesDirectory)
    }

    /// Reads `file` as `format` for `source`, the way `ListLoader` does (tolerance and cut-off checks included).
    static func parse(_ file: ListFile, format: ListFormat, source: String) throws(ListLoadError) -> ParsedList {
        let entry = ListManifest.Entry(source: source, name: source, format: format.rawValue, files: .init(primary: file.path))
        return try ListLoader.parse(entry: entry, format: format, files: .init(primary: file), sha256: "")
    }

    /// Seeded damage to `file`, `rounds` times (each `Mutation` in turn): every damaged file is either
    /// refused naming `file`'s path, or read into sound entities; a cut is refused unless `wholeAfterCut`
    /// says the cut left a whole document; no read takes longer than 20 s. Returns how many were refused.
    @discardableResult
    static func fuzz(
        _ file: ListFile, format: ListFormat, source: String, seed: UInt64, rounds: Int,
        wholeAfterCut: ([UInt8]) -> Bool
    ) -> Int {
        var random = SplitMix64(state: seed)
        var refused = 0
        let bytes = Array(file.data)
        for round in 0..<rounds {
            let mutation = Mutation.allCases[round % Mutation.allCases.count]
            let damaged = mutation.apply(to: bytes, using: &random)
            let attempt = ListFile(path: file.path, data: Data(damaged))
            let outcome = ListSeeds.withinTimeLimit(seconds: 20) {
                Result { () throws(ListLoadError) in try parse(attempt, format: format, source: source) }
            }
            let label = "\(file.path) round \(round) (\(mutation.rawValue))"
            switch outcome {
            case nil:
                Issue.record("\(label): no answer within 20 s")
            case .failure(let error):
                refused += 1
                #expect(error.description.contains(file.path), "\(label): the refusal names no file: \(error)")
            case .success(let list):
                #expect(ListSeeds.unsoundEntity(in: list) == nil, "\(label): \(ListSeeds.unsoundEntity(in: list) ?? "")")
                if mutation == .truncate {
                    #expect(wholeAfterCut(damaged), "\(label): a file cut inside a record was read (\(list.entities.count) entities)")
                }
            }
        }
        return refused
    }

    /// Whether an XML prefix still ends with the closing tag of its root `root` (only white space was cut).
    static func closes(_ root: String) -> ([UInt8]) -> Bool {
        { bytes in String(decoding: bytes, as: UTF8.self).trimmedText.hasSuffix("</\(root)>") }
    }
}
