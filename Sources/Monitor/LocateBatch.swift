import DataFormats
import Foundation

/// One input file of `monitor locate`: its bytes and the name errors give it.
public struct NamedInput: Sendable {
    /// The name errors give the file.
    public let name: String
    /// The file's bytes.
    public let data: Data

    /// An input.
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// The `monitor locate` evaluation contract over in-memory files: one JSON line per claim row, in order.
///
/// Bad rows in the landmarks or calibration files stop the run (every claim would rest on them): their
/// error lines are all the output. A bad measurement row makes its device's round unusable, so that
/// device's claims get error lines naming it; a bad claim row gets its own error line. Any error line
/// counts as a failure (the command exits 1).
public enum LocateBatch {
    /// The output lines (without newlines) and how many of them are errors.
    public static func run(index: BoundaryIndex, landmarks: NamedInput, measurements: NamedInput, claims: NamedInput,
                           calibration: NamedInput?, speed: SignalSpeed) -> (lines: [String], failures: Int) {
        var writer = LocationJSON()
        let (landmarkList, landmarkProblems) = MonitorCSV.landmarks(landmarks.data, file: landmarks.name)
        let ids = Set(landmarkList.map(\.id))
        var fatal = landmarkProblems
        var pairs: [LandmarkPair] = []
        if let calibration {
            let read = MonitorCSV.pairs(calibration.data, file: calibration.name, landmarks: ids)
            pairs = read.pairs
            fatal += read.problems
        }
        let claimRows = MonitorCSV.claims(claims.data, file: claims.name, index: index)
        if let problem = claimRows.problem { fatal.append(problem) }
        var read: (byDevice: [String: [MeasuredRTT]], badDevices: [String: InputProblem], problems: [InputProblem]) = ([:], [:], [])
        do {
            read = try MonitorCSV.measurements(measurements.data, file: measurements.name, landmarks: ids)
        } catch {
            fatal.append(error)
        }
        guard fatal.isEmpty else {
            return (fatal.map { writer.errorLine(device: nil, error: $0.description) }, fatal.count)
        }
        let locator = Locator(index: index, landmarks: landmarkList, pairs: pairs, speed: speed)
        let rows = claimRows.rows
        let rounds = read
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, rows.count / 32))
        let size = (rows.count + workers - 1) / max(1, workers)
        let slots = ConcurrentSlots<[(String, Bool)]>(count: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var writer = LocationJSON()
            var lines: [(String, Bool)] = []
            let start = worker * size, end = min(rows.count, start + size)
            var index = start
            while index < end {
                // Claims about the same device in a row share one round.
                var stop = index + 1
                while stop < end, rows[stop].device != nil, rows[stop].device == rows[index].device { stop += 1 }
                lines += block(rows[index..<stop], locator: locator, rounds: rounds, measurementsFile: measurements.name,
                               claimsFile: claims.name, writer: &writer)
                index = stop
            }
            slots.set(worker, lines)
        }
        var lines = rounds.problems.map { writer.errorLine(device: nil, error: $0.description) }
        var failures = lines.count
        for chunk in slots.values {
            for (text, failed) in chunk ?? [] {
                lines.append(text)
                if failed { failures += 1 }
            }
        }
        return (lines, failures)
    }

    private static func block(_ rows: ArraySlice<ClaimRow>, locator: Locator,
                              rounds: (byDevice: [String: [MeasuredRTT]], badDevices: [String: InputProblem], problems: [InputProblem]),
                              measurementsFile: String, claimsFile: String, writer: inout LocationJSON) -> [(String, Bool)] {
        var claims: [Claim] = []
        for row in rows { if case .success(let claim) = row.claim { claims.append(claim) } }
        let device = rows.first?.device ?? ""
        var results: [Result<Location, LocateError>] = []
        if rounds.badDevices[device] == nil, let measurements = rounds.byDevice[device], !measurements.isEmpty, !claims.isEmpty {
            results = locator.locate(device: device, measurements: measurements, claims: claims)
        }
        var next = 0
        return rows.map { row -> (String, Bool) in
            switch row.claim {
            case .failure(let problem): return (writer.errorLine(device: row.device, error: problem.description), true)
            case .success: break
            }
            if let problem = rounds.badDevices[device] {
                return (writer.errorLine(device: device, error: "\(claimsFile):\(row.line): the device's measurements are unusable: \(problem)"), true)
            }
            guard next < results.count else {
                return (writer.errorLine(device: device, error: "\(claimsFile):\(row.line): device '\(device)' has no rows in \(measurementsFile)"), true)
            }
            defer { next += 1 }
            switch results[next] {
            case .success(let location): return (writer.line(location), false)
            case .failure(let error): return (writer.errorLine(device: device, error: "\(claimsFile):\(row.line): \(error)"), true)
            }
        }
    }
}
