import BundledData
import Flows
import Foundation
import DataFormats

/// The bundled transfer tables, loaded once for all tests.
enum Bundled {
    static let tables: TransferTables = {
        do {
            return try TransferTables(directory: BundledData.transfersDirectory)
        } catch {
            fatalError("the bundled transfer tables do not load: \(error)")
        }
    }()

    static let checker = TransferChecker(tables: tables)

    /// Decides a transfer from typed input, as the CLI would.
    static func decide(
        _ category: String, from: String, to: String, on date: String, mechanisms: [String] = [], certified: [String] = [],
        facts: [String] = []
    ) throws -> TransferDecision {
        var input = TransferInput(category: category, from: from, to: to)
        input.mechanisms = mechanisms
        input.certifications = certified
        input.facts = facts
        input.date = date
        return checker.decide(try checker.request(input))
    }
}

extension TransferDecision {
    /// The applied rule with `id`, if any.
    func rule(_ id: String) -> AppliedRule? { rules.first { $0.id == id } }

    /// Whether a step's text contains `text`.
    func hasStep(containing text: String) -> Bool { steps.contains { $0.text.contains(text) } }

    /// Whether a note contains `text`.
    func hasNote(containing text: String) -> Bool { notes.contains { $0.contains(text) } }
}
