import Foundation

/// The progress of a long batch on standard error, rewritten in place (`\r`), at most a few times a second:
/// shown only when standard error is a terminal, so a redirected or piped run stays quiet and its standard
/// error holds nothing but errors.
final class ProgressLine {
    private let label: String
    private let enabled: Bool
    private var lastDrawn = Date.distantPast
    private var drawn = false

    /// A progress line saying what `label` counts (`rows screened`); `enabled` by default when standard error is a terminal.
    init(_ label: String, enabled: Bool = isatty(FileHandle.standardError.fileDescriptor) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Shows `done` of `total` (when known), or of `fraction` of the input read (0…1, when known).
    func update(done: Int, total: Int? = nil, fraction: Double? = nil) {
        guard enabled, Date().timeIntervalSince(lastDrawn) >= 0.2 else { return }
        lastDrawn = Date()
        draw(done: done, total: total, fraction: fraction)
    }

    /// Shows the final count (all of the input) and ends the line (only when a line was shown).
    func finish(done: Int, total: Int? = nil) {
        guard enabled, drawn else { return }
        draw(done: done, total: total, fraction: 1)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private func draw(done: Int, total: Int?, fraction: Double?) {
        var text = "\r\(done)"
        if let total { text += " of \(total)" }
        text += " \(label)"
        if let share = total.map({ $0 == 0 ? 1 : Double(done) / Double($0) }) ?? fraction {
            text += String(format: " (%.0f%%)", min(1, max(0, share)) * 100)
        }
        FileHandle.standardError.write(Data((text + "\u{1B}[K").utf8))
        drawn = true
    }
}
