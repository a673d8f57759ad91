import ArgumentParser
import Operations

/// An age or interval option (`--stale-after 7d`, `--refresh-lists 6h`): a whole number with s, m, h or d.
enum AgeArgument {
    /// `text` as a duration, or the usage error naming `flag`, with `example`.
    static func duration(_ text: String, flag: String, example: String) throws -> Duration {
        guard let duration = ListRefreshSchedule.duration(text) else {
            throw ValidationError("\(flag) must be a number with s, m, h or d, e.g. \(example), got '\(text)'")
        }
        return duration
    }
}
