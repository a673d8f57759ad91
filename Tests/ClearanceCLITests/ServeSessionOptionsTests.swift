import Foundation
import Testing

/// `clearance serve --session-idle-timeout` and `--session-lifetime`: documented in --help with their defaults,
/// and a value that is not a duration, or an idle timeout longer than the lifetime, is a usage error naming the flag.
@Suite struct ServeSessionOptionsTests {
    @Test("serve --help documents --session-idle-timeout (default 30m) and --session-lifetime (default 12h)")
    func help() async throws {
        let help = try await CLI.run(["serve", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--session-idle-timeout <DURATION>") && help.stdout.contains("(default: 30m)"), "\(help.stdout)")
        #expect(help.stdout.contains("--session-lifetime <DURATION>") && help.stdout.contains("(default: 12h)"), "\(help.stdout)")
    }

    @Test("a session duration that is not a whole number of s, m or h up to 30 days, or an idle timeout past the lifetime, is a usage error naming the flag")
    func refusals() async throws {
        for (arguments, message) in [
            (["--session-idle-timeout", "3x"], "'3x' is invalid for '--session-idle-timeout"),
            (["--session-idle-timeout", "0s"], "'0s' is invalid for '--session-idle-timeout"),
            (["--session-lifetime", "721h"], "'721h' is invalid for '--session-lifetime"),
            (["--session-lifetime", "31d"], "'31d' is invalid for '--session-lifetime"),
            (["--session-idle-timeout", "2h", "--session-lifetime", "90m"], "--session-idle-timeout (2h) must not be longer than --session-lifetime (90m)"),
        ] {
            let result = try await CLI.run(["serve", "--port", "0"] + arguments)
            #expect(result.status == 2, "\(arguments): exit \(result.status)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        }
    }
}
