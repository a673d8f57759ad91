import Foundation
import Screening

/// Reports on standard error what an imported list file holds that was not read as written:
/// records skipped as malformed (within `ListTolerance`) and warnings, each with file and line.
enum ListIssueReport {
    /// The most issues printed one per line; the rest are counted.
    static let shown = 20

    static func warn(_ list: ParsedList) {
        guard !list.issues.isEmpty else { return }
        var text = list.issues.prefix(shown).map { "clearance: warning: \($0.description)\n" }.joined()
        if list.issues.count > shown {
            text += "clearance: warning: and \(list.issues.count - shown) more issues in \(list.metadata.source)\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
