import ArgumentParser

/// `clearance-bench`: the in-process measurements behind the README's performance figures, kept out of the
/// shipped `clearance` binary.
@main
struct ClearanceBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clearance-bench",
        abstract: "Measure Clearance's engines in-process, as medians of several runs (build with -c release).",
        discussion: """
            `screen` (the default) times list loading, index build and queries; `determine` the EAR \
            determination engine; `duty` duty assessments; `tokens` release-token verification; `gate` \
            serves a directory gated and plain for a load tool. scripts/bench, scripts/bench-enforce and \
            scripts/bench-tariffs add the end-to-end figures.

            Examples:
              clearance-bench screen --builds 5 --queries 20000
              clearance-bench determine --runs 5
              clearance-bench duty --lines 200000 --runs 5
              clearance-bench tokens --verifications 100000 --runs 5
              clearance-bench parse Data/lists/un/UN_consolidated.xml --source un
            """,
        subcommands: [BenchScreen.self, BenchDetermine.self, BenchDuty.self, BenchTokens.self, BenchGate.self, BenchMonitorIndex.self, BenchMonitorEval.self, BenchMonitor.self, BenchParse.self, BenchMonitorRecords.self],
        defaultSubcommand: BenchScreen.self
    )
}
