import Foundation

/// Runs the built `clearance` binary as a user would, capturing its output and exit status.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
        /// From the start of the process to its exit (not counting the wait for a slot).
        var seconds: Double = 0
    }

    /// A snapshot cache shared by this test run, so only the first run parses the lists.
    static let cacheDirectory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clearance-cli-tests-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    /// This run's key-encryption key file (fixed bytes, mode 0600), so tests never write to the home folder.
    static let keyEncryptionKeyFile: String = {
        let path = cacheDirectory.appendingPathComponent("kek").path
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(
                atPath: path, contents: Data((0..<32).map { UInt8($0 * 7 + 1) }), attributes: [.posixPermissions: 0o600])
        }
        return path
    }()

    /// The environment every run gets: the tests' snapshot cache and key-encryption key.
    static var testEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["CLEARANCE_CACHE_DIR"] = cacheDirectory.path
        env["CLEARANCE_KEK_FILE"] = keyEncryptionKeyFile
        return env
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The binary: `$CLEARANCE_BIN`, else the one `swift test` built beside the test bundle.
    static let executable: URL = {
        if let path = ProcessInfo.processInfo.environment["CLEARANCE_BIN"], !path.isEmpty { return URL(fileURLWithPath: path) }
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("clearance"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("clearance"),
            Bundle.main.bundleURL.appendingPathComponent("clearance"),
            repositoryRoot.appendingPathComponent(".build/debug/clearance"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[candidates.count - 1]
    }()

    /// The benchmark tool built beside `clearance`.
    static var benchExecutable: URL { executable.deletingLastPathComponent().appendingPathComponent("clearance-bench") }

    /// Runs the binary to its end on a thread of its own, so the test's cooperative threads stay free while it runs:
    /// blocking them in `waitUntilExit` (two on a two-core machine) stalled every other test in the process, and a
    /// fixture server or a time-out in another suite then missed its turn (a 20 s download deadline expired on a
    /// 70-byte answer).
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], executable: URL = CLI.executable
    ) async throws -> Output {
        await slots.acquire()
        let result: Result<Output, any Error> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { try runBlocking(arguments, stdin: stdin, environment: environment, executable: executable) })
            }.start()
        }
        await slots.release()
        return try result.get()
    }

    /// At most four runs at a time: with the cooperative threads free, every suite would otherwise start its
    /// processes at once (hundreds, each loading the lists) on a two-core machine.
    private static let slots = ProcessSlots(4)

    private static func runBlocking(
        _ arguments: [String], stdin: String?, environment: [String: String], executable: URL
    ) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = testEnvironment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let start = ContinuousClock.now
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            seconds: (ContinuousClock.now - start) / .seconds(1))
    }

    /// Starts the binary in the background with the tests' cache and key-encryption key; its standard output is piped, standard error discarded.
    static func spawn(_ arguments: [String]) throws -> (process: Process, output: Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = testEnvironment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, output)
    }

    /// Writes `contents` to a new temporary file and returns its path.
    static func temporaryFile(_ contents: String, name: String = "input.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url.path
    }
}

/// Parses one JSON object.
func jsonObject(_ text: some StringProtocol) throws -> [String: Any] {
    let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
    guard let object = value as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
    return object
}

/// A counting semaphore for test processes: `acquire` waits (in arrival order) while every slot is taken.
actor ProcessSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { free = count }

    func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
