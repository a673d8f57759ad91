import ArgumentParser
import Workbench

/// `--session-idle-timeout` and `--session-lifetime`: how long a Workbench session lasts.
struct SessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A Workbench session unused this long ends: a number with s, m or h (seconds, minutes, hours), e.g. 30m.",
        valueName: "DURATION"))
    var sessionIdleTimeout: SessionDuration = SessionDuration(milliseconds: Workbench.Configuration().sessionIdleTimeout)

    @Option(help: ArgumentHelp(
        "A Workbench session ends this long after sign-in however much it is used, e.g. 12h.", valueName: "DURATION"))
    var sessionLifetime: SessionDuration = SessionDuration(milliseconds: Workbench.Configuration().sessionLifetime)

    func validate() throws {
        guard sessionIdleTimeout.milliseconds <= sessionLifetime.milliseconds else {
            throw ValidationError(
                "--session-idle-timeout (\(sessionIdleTimeout)) must not be longer than --session-lifetime (\(sessionLifetime))")
        }
    }

    /// `configuration` with these lifetimes.
    func applied(to configuration: Workbench.Configuration) -> Workbench.Configuration {
        var configuration = configuration
        configuration.sessionIdleTimeout = sessionIdleTimeout.milliseconds
        configuration.sessionLifetime = sessionLifetime.milliseconds
        return configuration
    }
}

/// A duration written as a whole number with a unit: `45s`, `30m`, `12h` (from 1 second to 30 days, 720h).
struct SessionDuration: ExpressibleByArgument, CustomStringConvertible, Sendable {
    let milliseconds: Int64

    init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    init?(argument: String) {
        let units: [Character: Int64] = ["s": 1_000, "m": 60_000, "h": 3_600_000]
        guard let unit = argument.last.flatMap({ units[$0] }), let count = Int64(argument.dropLast()), count >= 1,
            count <= 30 * 86_400_000 / unit
        else { return nil }
        milliseconds = count * unit
    }

    var description: String {
        for (unit, size) in [("h", Int64(3_600_000)), ("m", 60_000)] where milliseconds % size == 0 {
            return "\(milliseconds / size)\(unit)"
        }
        return "\(milliseconds / 1_000)s"
    }

    var defaultValueDescription: String { description }
}
