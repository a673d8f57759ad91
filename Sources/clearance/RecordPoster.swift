import AsyncHTTPClient
import Crypto
import Foundation
import Monitor
import NIOCore

/// A measurement record as `POST /v1/monitor/measurements` takes it (and as the spool file keeps it, one per line).
struct MeasurementBody: Codable, Sendable {
    let device: String
    let landmark: String
    let nonce: String
    let issuedAt: Int64
    let rttMs: [Double]
    let minRttMs: Double
    let deviceSignature: String
    let landmarkSignature: String

    enum CodingKeys: String, CodingKey {
        case device, landmark, nonce
        case issuedAt = "issued_at"
        case rttMs = "rtt_ms"
        case minRttMs = "min_rtt_ms"
        case deviceSignature = "device_signature"
        case landmarkSignature = "landmark_signature"
    }

    init(_ record: MeasurementRecord) {
        device = record.device
        landmark = record.landmark
        nonce = Data(record.challenge.nonce).base64EncodedString()
        issuedAt = record.challenge.issuedAtMs
        rttMs = record.probesMs
        minRttMs = record.minimumMs
        deviceSignature = Data(record.deviceSignature).base64EncodedString()
        landmarkSignature = Data(record.landmarkSignature).base64EncodedString()
    }

    /// One line of JSON (binary64 values written so they read back exactly, as the landmark signed them).
    func line() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

/// Posts a landmark's records to the service. A 2xx stores it; a 4xx is the service's refusal, logged with its
/// reason and not retried; a 5xx or an unreachable service is retried with doubling backoff, a bounded number
/// of times, and then the record is appended to the spool file (mode 0600) and reported. The spool is posted
/// again at start and every `spoolRetry`; what the service then stores or refuses leaves it.
actor RecordPoster {
    let endpoint: String
    let apiKey: String
    let spool: String
    let attempts: Int
    let backoff: Duration
    let landmark: String
    private var inFlight: [String: String] = [:]
    private var shuttingDown = false
    private var flushing = false

    enum Outcome: Sendable {
        case stored
        case refused(String)
        case failed(String)
    }

    init(service: String, apiKey: String, spool: String, attempts: Int, backoff: Duration, landmark: String) {
        var base = service
        while base.hasSuffix("/") { base.removeLast() }
        endpoint = base + "/v1/monitor/measurements"
        self.apiKey = apiKey
        self.spool = spool
        self.attempts = max(attempts, 1)
        self.backoff = backoff
        self.landmark = landmark
    }

    /// Posts `record`, retrying, spooling it when the service cannot take it.
    func post(_ record: MeasurementRecord) async {
        let line: String
        do { line = try MeasurementBody(record).line() } catch {
            MonitorLog.line("landmark \(landmark): record of device \(record.device) cannot be encoded: \(error); nothing posted")
            return
        }
        let nonce = Data(record.challenge.nonce).base64EncodedString()
        inFlight[nonce] = line
        var delay = backoff
        for attempt in 1...attempts {
            switch await send(line) {
            case .stored:
                inFlight[nonce] = nil
                MonitorLog.line("landmark \(landmark): record of device \(record.device) posted (nonce \(nonce), min \(record.minimumMs) ms)")
                return
            case .refused(let reason):
                inFlight[nonce] = nil
                MonitorLog.line("landmark \(landmark): record of device \(record.device) refused by the service: \(reason)")
                return
            case .failed(let reason):
                MonitorLog.line("landmark \(landmark): posting the record of device \(record.device) failed (attempt \(attempt) of \(attempts)): \(reason)")
            }
            if attempt == attempts || shuttingDown || inFlight[nonce] == nil { break }
            try? await Task.sleep(for: delay)
            delay = delay * 2
        }
        guard inFlight.removeValue(forKey: nonce) != nil else { return }
        spoolLines([line], reason: "record of device \(record.device) (nonce \(nonce))")
    }

    /// Spools every record still being retried (at shutdown), so none is lost.
    func shutdown() {
        shuttingDown = true
        let pending = inFlight
        inFlight = [:]
        if !pending.isEmpty { spoolLines(Array(pending.values), reason: "\(pending.count) record(s) still being retried at shutdown") }
    }

    /// Posts the spooled records once each; keeps those the service could not take.
    func flushSpool() async {
        guard !flushing else { return }
        flushing = true
        defer { flushing = false }
        guard let data = FileManager.default.contents(atPath: spool), !data.isEmpty else { return }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        var kept: [String] = []
        var posted = 0
        for line in lines {
            switch await send(line) {
            case .stored: posted += 1
            case .refused(let reason): MonitorLog.line("landmark \(landmark): spooled record refused by the service: \(reason)")
            case .failed: kept.append(line)
            }
        }
        do {
            try rewriteSpool(kept, after: data)
            MonitorLog.line("landmark \(landmark): spool \(spool): \(posted) posted, \(lines.count - posted - kept.count) refused, \(kept.count) kept")
        } catch {
            MonitorLog.line("landmark \(landmark): spool \(spool) cannot be rewritten: \(error)")
        }
    }

    private func send(_ line: String) async -> Outcome {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(apiKey)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: line))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
            let body = try await response.body.collect(upTo: 64 * 1024)
            let text = String(buffer: body)
            switch response.status.code {
            case 200..<300: return .stored
            case 400..<500: return .refused("\(response.status.code) \(Self.reason(text))")
            default: return .failed("\(response.status.code) \(Self.reason(text))")
            }
        } catch {
            return .failed("the service is unreachable: \(error)")
        }
    }

    private static func reason(_ body: String) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let error = object["error"] as? [String: Any]
        else { return String(body.prefix(300)) }
        return "\(error["code"] as? String ?? "?"): \(error["message"] as? String ?? "")"
    }

    private func spoolLines(_ lines: [String], reason: String) {
        let descriptor = open(spool, O_WRONLY | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else {
            MonitorLog.line("landmark \(landmark): LOST \(reason): the spool \(spool) cannot be opened: \(String(cString: strerror(errno)))")
            return
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
            try handle.synchronize()
            MonitorLog.line("landmark \(landmark): spooled \(reason) to \(spool): the service could not take it")
        } catch {
            MonitorLog.line("landmark \(landmark): LOST \(reason): the spool \(spool) cannot be written: \(error)")
        }
    }

    /// Replaces the spool's first `flushed` bytes (read before posting) with `lines`, keeping what was spooled since.
    private func rewriteSpool(_ lines: [String], after flushed: Data) throws {
        let current = FileManager.default.contents(atPath: spool) ?? Data()
        let since = current.count > flushed.count ? String(decoding: current.dropFirst(flushed.count), as: UTF8.self) : ""
        let lines = lines + since.split(separator: "\n").map(String.init)
        let temporary = spool + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(lines.map { $0 + "\n" }.joined().utf8))
        try handle.synchronize()
        guard rename(temporary, spool) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
