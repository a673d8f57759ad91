import Foundation
import Store
import Testing

/// `clearance parties import` and `clearance lists import` killed with SIGKILL at many moments, on both
/// backends: afterwards every stored party is screened against the active version of every list, or is
/// queued to be (and `clearance worker` or a re-run completes it), and the audit chain verifies.
///
/// Kill moments are drawn from a seeded generator across each command's measured run time, from its start-up
/// to just after it ends; only kills that landed while the command ran count.
@Suite struct CrashTests {
    static let lists = ["--lists", "us-dpl"]
    static let killsNeeded = 20

    /// Names on the bundled Denied Persons List, planted among generated parties: each must get an alert.
    static let listed: [String] = {
        let text = (try? String(contentsOf: ListsImportCommandTests.bundledDPL, encoding: .utf8)) ?? ""
        let names = text.split(separator: "\n").dropFirst().compactMap { line -> String? in
            guard let field = line.split(separator: "\t").first else { return nil }
            let name = field.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            return name.count >= 12 && name.allSatisfy({ $0.isLetter || $0 == " " }) ? name : nil
        }
        return stride(from: 0, to: names.count, by: max(1, names.count / 12)).map { names[$0] }
    }()

    /// `count` parties with ids `ROUND-0000`…, every 25th named as a listed entity.
    static func partiesFile(round: String, count: Int) throws -> String {
        var rows = ["id,name,type,country,dob"]
        for index in 0..<count {
            let name = index % 25 == 0 ? listed[(index / 25) % listed.count] : "Harbour Freight \(round) \(index)"
            rows.append("\(round)-\(String(format: "%04d", index)),\(name),,,")
        }
        return try CLI.temporaryFile(rows.joined(separator: "\n") + "\n")
    }

    /// Runs the command to its end; how long it took.
    static func timed(_ arguments: [String]) async throws -> Double {
        let output = try await CLI.run(arguments)
        try #require(output.status == 0, "a complete run succeeds: \(output.stderr)")
        return output.seconds
    }

    /// Where a kill lands: after a delay (in start-up), or once the command has committed `records` audit records
    /// that `count` selects (between or during its transactions).
    enum KillPoint: CustomStringConvertible {
        case after(seconds: Double)
        case afterRecords(Int, counting: @Sendable (_ actions: [String]) -> Int)

        var description: String {
            switch self {
            case .after(let seconds): String(format: "%.2f s", seconds)
            case .afterRecords(let count, _): "\(count) committed steps"
            }
        }
    }

    /// Starts the command and SIGKILLs it at `point`, watching the audit log after `sequence`; true when the
    /// kill landed while it ran.
    static func spawnAndKill(_ arguments: [String], at point: KillPoint, store: any Store, after sequence: Int64) async throws -> Bool {
        // The watch runs on a thread of its own: the suite's other tests block the cooperative pool's threads (two on
        // this machine) while their commands run, and a watcher waiting for one would see this command finish first.
        try await withTaskExecutorPreference(WatcherExecutor.shared) {
            try await watchAndKill(arguments, at: point, store: store, after: sequence)
        }
    }

    private static func watchAndKill(_ arguments: [String], at point: KillPoint, store: any Store, after sequence: Int64) async throws -> Bool {
        let (process, _) = try CLI.spawn(arguments)
        switch point {
        case .after(let seconds):
            try await Task.sleep(for: .seconds(seconds))
        case .afterRecords(let wanted, let count):
            var actions: [String] = []
            var last = sequence
            while process.isRunning, count(actions) < wanted {
                let records = try await store.auditRecords(after: last, limit: 100_000)
                actions += records.map(\.action)
                last = records.last?.sequence ?? last
                if count(actions) >= wanted { break }
                try await Task.sleep(for: .milliseconds(2))
            }
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal
    }

    /// The sequence of the last audit record.
    static func lastSequence(_ store: any Store) async throws -> Int64 {
        var last: Int64 = 0
        while let record = try await store.auditRecords(after: last, limit: 10_000).last { last = record.sequence }
        return last
    }

    /// Opens the store behind a `--database` value for inspection.
    static func withStore<T: Sendable>(_ database: String, _ body: (any Store) async throws -> T) async throws -> T {
        let store = try await StoreLocation(database).open(leaseTimeout: PostgresStore.testLeaseTimeout)
        defer { (store as? PostgresStore)?.shutdown() }
        return try await body(store)
    }

    /// Every stored party, in id order.
    static func parties(_ store: any Store) async throws -> [PartyRecord] {
        var parties: [PartyRecord] = []
        while true {
            let page = try await store.parties(after: parties.last?.id ?? "", limit: 5_000)
            if page.isEmpty { return parties }
            parties += page
        }
    }

    /// Checks that every stored party named as a listed entity has its alert and the chain verifies; returns the stored parties.
    static func expectEveryListedPartyScreened(_ store: any Store, _ context: String) async throws -> [PartyRecord] {
        let parties = try await Self.parties(store)
        let alerted = Set(try await store.alerts(status: nil, limit: 1_000_000).filter { $0.entityID.hasPrefix("us-dpl:") }.map(\.partyID))
        let names = Set(Self.listed)
        let unscreened = parties.filter { names.contains($0.name) && !alerted.contains($0.id) }.map(\.id)
        #expect(unscreened.isEmpty, "\(context): stored but never screened: \(unscreened.prefix(5))")
        #expect(try await store.verifyAudit().isIntact, "\(context): the audit chain verifies")
        return parties
    }

    /// Each round imports 600 new parties in 30 transactions and is killed in its start-up or after a drawn number
    /// of them; afterwards every stored listed party has its alert. Then one re-run of every file completes them all.
    @Test(arguments: Server.Backend.allCases)
    func aPartiesImportKilledAtAnyMomentLeavesNoStoredPartyUnscreened(backend: Server.Backend) async throws {
        try #require(Self.listed.count >= 10, "names to plant were read from the bundled list")
        let database = try await Server.freshDatabase(backend)
        let command = { (file: String) in ["parties", "import", file, "--chunk-size", "20", "--database", database] + Self.lists }
        let size = 600
        var files = [try Self.partiesFile(round: "r00", count: size)]
        let primed = try await CLI.run(command(files[0]))
        try #require(primed.status == 0, "\(primed.stderr)")
        let startup = try await Self.timed(command(files[0]))
        try await Self.withStore(database) { store in
            _ = try await Self.expectEveryListedPartyScreened(store, "after a complete import")
            var generator = SplitMix64(seed: 0x16_0001)
            var kills = 0
            var cutInside = 0
            var round = 1
            while kills < Self.killsNeeded && round <= 2 * Self.killsNeeded {
                let name = String(format: "r%02d", round)
                files.append(try Self.partiesFile(round: name, count: size))
                let chunks = Int.random(in: -4..<(size / 20), using: &generator)
                let point: KillPoint
                if chunks <= 0 {
                    point = .after(seconds: Double.random(in: (startup * 0.3)...(startup * 0.9), using: &generator))
                } else {
                    point = .afterRecords(chunks, counting: { actions in actions.filter { $0 == "parties.import" }.count })
                }
                let sequence = try await Self.lastSequence(store)
                if try await Self.spawnAndKill(command(files[round]), at: point, store: store, after: sequence) { kills += 1 }
                let stored = try await Self.expectEveryListedPartyScreened(store, "round \(round), killed at \(point)")
                    .filter { $0.id.hasPrefix(name + "-") }.count
                if stored > 0 && stored < size { cutInside += 1 }
                round += 1
            }
            #expect(kills >= Self.killsNeeded, "\(kills) kills landed while the import ran")
            #expect(cutInside >= Self.killsNeeded / 2, "\(cutInside) kills landed between an import's transactions")
        }
        var rows = ["id,name,type,country,dob"]
        for file in files { rows += try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init) }
        let rerun = try await CLI.run(command(try CLI.temporaryFile(rows.joined(separator: "\n") + "\n")))
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let stored = try await Self.withStore(database) { try await Self.expectEveryListedPartyScreened($0, "after a re-run") }
        #expect(stored.count == size * files.count, "a re-run stores every party the killed runs did not")
    }

    /// The name of the entity list version `round` adds (and every later version keeps).
    static func addedName(_ round: Int) -> String {
        let first = ["ZEBULON", "QUINTAVALLE", "XANTHIPPE", "YELTSOVA", "WOLFRAMIA", "VELOXIA", "KRUMHOLZ", "OSTRAKON"]
        let second = ["QUIXOTE", "ZORBEC", "VORLAK", "PANTHERON", "MERIDIUS", "TARASQUE"]
        return "\(first[round % first.count]) \(second[round / first.count % second.count]) TRADING"
    }

    /// The bundled Denied Persons List plus one entity for each round up to `round`.
    static func listVersion(upTo round: Int) throws -> String {
        let text = try String(contentsOf: ListsImportCommandTests.bundledDPL, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for index in 0...round {
            let row = [addedName(index), "\(index + 1) HARBOUR ROAD", "PORT LOUIS", "", "MU", "", "03/01/2026", "03/01/2036", "Y",
                       "2026-03-02", "F.R. NOTICE ADDED", "91 F.R. \(1000 + index) 3/2/2026"]
            lines.insert(row.map { "\"\($0)\"" }.joined(separator: "\t"), at: 1)
        }
        return try CLI.temporaryFile(lines.joined(separator: "\n"), name: "dpl.txt")
    }

    /// Each round imports a version adding one more entity, named like one stored party, and is killed in its
    /// start-up, parsing or diff, right after its version switch, or after a drawn number of its 20 re-screening chunks.
    /// Whatever a kill interrupted, the active version is complete and the chain verifies; and once a
    /// `clearance worker` has done what was queued (it screens nothing else), every party named like an entity of
    /// the active version has its alert: a version switched to without its job would leave one without.
    @Test(arguments: Server.Backend.allCases)
    func aListsImportKilledAtAnyMomentLeavesEveryPartyScreenedOrQueued(backend: Server.Backend) async throws {
        let database = try await Server.freshDatabase(backend)
        let base = ["--database", database] + Self.lists
        let rounds = 2 * Self.killsNeeded
        var rows = ["id,name,type,country,dob"]
        var probes: [String: String] = [:]
        for index in 0..<400 {
            let id = String(format: "p%04d", index)
            let round = (index - 3) / 9
            let probe = index >= 3 && (index - 3) % 9 == 0 && round <= rounds
            if probe { probes[id] = Self.addedName(round) }
            rows.append("\(id),\(probe ? Self.addedName(round) : "Harbour Freight \(index)"),,,")
        }
        let imported = try await CLI.run(["parties", "import", try CLI.temporaryFile(rows.joined(separator: "\n") + "\n")] + base)
        try #require(imported.status == 0, "\(imported.stderr)")
        let command = { (file: String) in ["lists", "import", file, "--source", "us-dpl", "--chunk-size", "20"] + base }
        let first = try Self.listVersion(upTo: 0)
        _ = try await Self.timed(command(first))
        let startup = try await Self.timed(command(first))
        var round = 1
        try await Self.withStore(database) { store in
            try await Self.expectListState(store, probes: probes, "after a complete import")
            var generator = SplitMix64(seed: 0x16_0002)
            var kills = 0
            while kills < Self.killsNeeded && round <= rounds {
                // Draws of 20 and more kill as soon as the switch is committed: the moment its job must already exist.
                let drawn = Int.random(in: -3..<25, using: &generator)
                let chunks = drawn >= 20 ? 0 : drawn
                let point: KillPoint
                if chunks < 0 {
                    point = .after(seconds: Double.random(in: (startup * 0.3)...startup, using: &generator))
                } else {
                    point = .afterRecords(chunks + 1, counting: Self.stepsAfterSwitch)
                }
                let sequence = try await Self.lastSequence(store)
                if try await Self.spawnAndKill(command(try Self.listVersion(upTo: round)), at: point, store: store, after: sequence) { kills += 1 }
                try await Self.expectListState(store, probes: nil, "round \(round), killed at \(point)")
                round += 1
            }
            #expect(kills >= Self.killsNeeded, "\(kills) kills landed while the import ran")
        }
        let worker = try await CLI.run(["worker", "--stale-after", "0"] + base)
        #expect(worker.status == 0, "\(worker.stderr)")
        let chunks = worker.stdout.components(separatedBy: ": ").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
        #expect(chunks > 0, "kills landed after version switches, with their re-screening left queued: \(worker.stdout)")
        let active = try await Self.withStore(database) { try await Self.expectListState($0, probes: probes, "after the kills and a worker") }
        #expect((1..<round).filter { active.contains(Self.addedName($0)) }.count > 1, "killed rounds' versions got in")
    }

    /// Steps a list import has committed: its version switch, then each re-screening chunk.
    @Sendable static func stepsAfterSwitch(_ actions: [String]) -> Int {
        guard actions.contains("lists.import") else { return 0 }
        return 1 + actions.filter { $0 == "lists.rescreen" }.count
    }

    /// Checks one complete active DPL version and an intact chain; with `probes` (party id to name), that each party
    /// named like an active entity has an open alert on it. Returns the active entities' names.
    @discardableResult
    static func expectListState(_ store: any Store, probes: [String: String]?, _ context: String) async throws -> Set<String> {
        let active = try await store.activeListVersions().filter { $0.source == "us-dpl" }
        try #require(active.count == 1, "\(context): one active version")
        let entities = try await store.entities(versionID: active[0].id)
        #expect(entities.count == active[0].entityCount, "\(context): the active version is complete")
        var names: [String: Set<String>] = [:]
        for entity in entities {
            names[try jsonObject(entity.json)["name"] as? String ?? "", default: []].insert(entity.id)
        }
        if let probes {
            let open = try await store.alerts(status: .open, limit: 1_000_000)
            for (party, name) in probes.sorted(by: { $0.key < $1.key }) {
                guard let listed = names[name] else { continue }
                #expect(open.contains { $0.partyID == party && listed.contains($0.entityID) }, "\(context): \(party) (\(name)) has no alert")
            }
        }
        #expect(try await store.verifyAudit().isIntact, "\(context): the audit chain verifies")
        return Set(names.keys)
    }
}

/// A small deterministic generator (SplitMix64), so the kill moments are the same on every run.
private struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Runs the crash tests' watchers on a serial dispatch queue (its own thread), never on the cooperative pool.
final class WatcherExecutor: TaskExecutor {
    static let shared = WatcherExecutor()
    private let queue = DispatchQueue(label: "crash-test watcher")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
