import Foundation

/// Runs the built `clearance` binary as a user would, capturing its output and exit status.
struct CLI {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
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

    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], executable: URL = CLI.executable
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
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// `run` on a thread of its own: the test's cooperative threads stay free, so a server the test runs in its
    /// own process (a list mirror) can answer the binary. With `run` blocking them, two cores' worth of
    /// cooperative threads left the mirror unable to answer (the binary timed out reading from it).
    static func runOffThePool(_ arguments: [String]) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try CLI.run(arguments) }) }.start()
        }
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
