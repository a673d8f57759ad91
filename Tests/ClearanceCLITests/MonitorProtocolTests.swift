import Foundation
import Monitor
import NIOCore
import Store
import Testing

/// End-to-end over real TCP on loopback: `clearance serve`, `clearance landmark serve` and `clearance agent`, real binaries.
@Suite(.serialized) struct MonitorProtocolTests {
    @Test("an agent's round with a landmark stores one accepted record whose minimum is its smallest probe", arguments: Server.Backend.allCases)
    func agentRoundStoresOneRecord(backend: Server.Backend) async throws {
        let server = try await MeasurementIntakeAPITests.registry(backend)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port)
        defer { landmark.stop() }
        let agent = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey)
        #expect(agent.status == 0, "\(agent.stderr)")
        #expect(agent.stdout.contains("measured device gpu-1: 5 probes verified"), "\(agent.stdout)")
        let stored = await LandmarkProcess.eventually { (try? await LandmarkProcess.records(server).count) == 1 }
        #expect(stored, "\(landmark.log)")
        let record = try #require(try await LandmarkProcess.records(server).first)
        #expect(record.landmark == "lm-fra" && record.probesMs.count == 5)
        #expect(record.probesMs.allSatisfy { record.minimumMs <= $0 } && record.probesMs.contains(record.minimumMs))
        #expect(landmark.log.contains("posted"), "\(landmark.log)")
    }

    @Test("a relay delaying each chunk D ms each way between agent and landmark makes the stored minimum at least 2·D")
    func delayingRelayBoundsTheMinimum() async throws {
        let server = try await MeasurementIntakeAPITests.registry(.sqlite)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port, extra: ["--probes", "3"])
        defer { landmark.stop() }
        let relay = try await DelayingRelay.start(to: landmark.port, delay: .milliseconds(40))
        let agent = try await LandmarkProcess.agent(port: relay.port, key: files.deviceKey)
        try await relay.stop()
        #expect(agent.status == 0, "\(agent.stderr)")
        #expect(await LandmarkProcess.eventually { (try? await LandmarkProcess.records(server).count) == 1 }, "\(landmark.log)")
        let record = try #require(try await LandmarkProcess.records(server).first)
        #expect(record.minimumMs >= 80, "min \(record.minimumMs) ms through a 40 ms relay")
        #expect(record.probesMs.count == 3)
    }

    @Test("an agent signing with the wrong key, or as an unknown device, gets no record: refused with the reason logged on both sides")
    func wrongKeyAndUnknownDeviceRefused() async throws {
        let server = try await MeasurementIntakeAPITests.registry(.sqlite)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port)
        defer { landmark.stop() }
        let wrongKey = try await LandmarkProcess.agent(port: landmark.port, key: files.strangerKey)
        #expect(wrongKey.status == 1 && wrongKey.stderr.contains("no_verified_probe"), "\(wrongKey.stderr)")
        let unknown = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey, device: "gpu-9")
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown_device"), "\(unknown.stderr)")
        #expect(await LandmarkProcess.eventually(5) { landmark.log.contains("unknown_device") })
        #expect(landmark.log.contains("refused device gpu-1") && landmark.log.contains("no_verified_probe"), "\(landmark.log)")
        try await Task.sleep(for: .milliseconds(500))
        #expect(try await LandmarkProcess.records(server).isEmpty)
        #expect(!landmark.log.contains("posted (nonce"), "\(landmark.log)")
    }

    @Test("SIGHUP reads --devices again: a device added to the file is measured afterwards; a broken file is logged and the keys kept")
    func hangUpReadsTheDevicesFileAgain() async throws {
        let server = try await MeasurementIntakeAPITests.registry(.sqlite)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        let listed = try String(contentsOfFile: files.devices, encoding: .utf8)
        try LandmarkProcess.Files.write("", to: files.devices)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port)
        defer { landmark.stop() }
        let before = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey)
        #expect(before.status == 1 && before.stderr.contains("unknown_device"), "\(before.stderr)")

        try LandmarkProcess.Files.write(listed, to: files.devices)
        kill(landmark.process.processIdentifier, SIGHUP)
        #expect(await LandmarkProcess.eventually(10) { landmark.log.contains("read 1 device keys from") }, "\(landmark.log)")
        let after = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(await LandmarkProcess.eventually { (try? await LandmarkProcess.records(server).count) == 1 }, "\(landmark.log)")

        try LandmarkProcess.Files.write("{\"id\":\"gpu-1\"}\n", to: files.devices)
        kill(landmark.process.processIdentifier, SIGHUP)
        #expect(await LandmarkProcess.eventually(10) { landmark.log.contains("not read again") }, "\(landmark.log)")
        #expect(landmark.log.contains("devices.jsonl:1: public_key is missing"), "\(landmark.log)")
        #expect(landmark.log.contains("keeping the 1 device keys read before"), "\(landmark.log)")
        #expect(landmark.process.isRunning)
        let kept = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey)
        #expect(kept.status == 0, "\(kept.stderr)")
    }

    @Test("garbage, oversize frames, truncated frames and silent peers are refused with a reason logged and the connection closed")
    func brokenStreamsRefused() async throws {
        let server = try await MeasurementIntakeAPITests.registry(.sqlite)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port, extra: ["--read-timeout", "1"])
        defer { landmark.stop() }
        let garbage = try await exchangeRaw(port: landmark.port, send: Array("GET / HTTP/1.1\r\n\r\n".utf8))
        #expect(String(decoding: garbage, as: UTF8.self).contains("oversize_frame"))
        let unknown = try await exchangeRaw(port: landmark.port, send: [0, 0, 0, 1, 42])
        #expect(String(decoding: unknown, as: UTF8.self).contains("unknown_message"))
        try await exchangeRaw(port: landmark.port, send: [0, 0, 0, 9, 1, 1], close: true)
        let hello = ProtocolFrame.encode(.hello(version: 1, device: "gpu-1"))
        let silent = try await exchangeRaw(port: landmark.port, send: [])
        #expect(String(decoding: silent, as: UTF8.self).contains("timeout: no hello within 1000 ms"))
        let slow = try await exchangeRaw(port: landmark.port, send: hello)
        #expect(String(decoding: slow, as: UTF8.self).contains("timeout: no answer to probe 1"))
        #expect(await LandmarkProcess.eventually(5) { landmark.log.contains("truncated_frame: the connection ended 6 bytes into a frame of 13") }, "\(landmark.log)")
        for reason in ["oversize_frame", "unknown_message: message kind 42", "timeout: no hello", "device gpu-1 from", "timeout: no answer to probe 1"] {
            #expect(landmark.log.contains(reason), "\(reason) not logged: \(landmark.log)")
        }
        #expect(try await LandmarkProcess.records(server).isEmpty)
    }

    @Test("keygen writes a 0600 key and never overwrites one; landmark and agent refuse a key file readable by others")
    func keyFilePermissions() async throws {
        let directory = try CLI.temporaryFile("", name: "x").replacingOccurrences(of: "/x", with: "")
        let key = directory + "/gpu.key"
        let keygen = try await CLI.run(["agent", "keygen", "--out", key])
        #expect(keygen.status == 0, "\(keygen.stderr)")
        #expect((try? AttestationKey.parse(base64: keygen.stdout.trimmingCharacters(in: .whitespacesAndNewlines)).get()) != nil)
        let mode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try await CLI.run(["agent", "keygen", "--out", key]).status != 0)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key)
        let agent = try await CLI.run(["agent", "--device", "gpu-1", "--key-file", key, "--landmark", "127.0.0.1:9", "--once"])
        #expect(agent.status != 0 && agent.stderr.contains("readable or writable by group or others (mode 644)"), "\(agent.stderr)")
        let devices = directory + "/devices.jsonl"
        try LandmarkProcess.Files.write("", to: devices)
        let serve = try await CLI.run([
            "landmark", "serve", "--id", "lm-fra", "--key-file", key, "--listen", "127.0.0.1:0", "--service", "http://127.0.0.1:9",
            "--api-key-file", key, "--devices", devices,
        ])
        #expect(serve.status != 0 && serve.stderr.contains("chmod 600"), "\(serve.stderr)")
    }

    @Test("a record the service cannot take (down) is spooled after bounded retries, then posted when the service is back", arguments: Server.Backend.allCases)
    func spoolThenPost(backend: Server.Backend) async throws {
        let first = try await MeasurementIntakeAPITests.registry(backend)
        let files = try LandmarkProcess.Files.write(for: first)
        first.stop()
        let landmark = try await LandmarkProcess.start(files: files, servicePort: first.port, extra: ["--post-attempts", "2"])
        let agent = try await LandmarkProcess.agent(port: landmark.port, key: files.deviceKey)
        #expect(agent.status == 0, "\(agent.stderr)")
        #expect(await LandmarkProcess.eventually { landmark.log.contains("spooled") }, "\(landmark.log)")
        landmark.stop()
        let spooled = String(decoding: FileManager.default.contents(atPath: files.spool) ?? Data(), as: UTF8.self)
        #expect(spooled.split(separator: "\n").count == 1)
        #expect(try FileManager.default.attributesOfItem(atPath: files.spool)[.posixPermissions] as? Int == 0o600)

        let server = try await Server.restart(first)
        defer { server.stop() }
        let again = try await LandmarkProcess.start(files: files, servicePort: server.port)
        defer { again.stop() }
        #expect(await LandmarkProcess.eventually { (try? await LandmarkProcess.records(server).count) == 1 }, "\(again.log)")
        #expect(await LandmarkProcess.eventually(5) { again.log.contains("1 posted, 0 refused, 0 kept") }, "\(again.log)")
        #expect((FileManager.default.contents(atPath: files.spool) ?? Data()).isEmpty)
    }

    @Test("a spooled record posted after an outage longer than the freshness window is taken as a late record, not refused as stale", arguments: Server.Backend.allCases)
    func lateSpoolTaken(backend: Server.Backend) async throws {
        let server = try await MeasurementIntakeAPITests.registry(backend)
        defer { server.stop() }
        let files = try LandmarkProcess.Files.write(for: server)
        // Measured 20 minutes ago (the freshness window is 5), kept in the spool while the service was down.
        let issuedAt = MeasurementIntakeAPITests.nowMs - 20 * 60_000
        let record = try MeasurementIntakeAPITests.record(
            seed: 77, deviceKey: try MeasurementIntakeAPITests.key(1), landmarkKey: try MeasurementIntakeAPITests.key(2), issuedAt: issuedAt)
        let line = String(decoding: try JSONSerialization.data(withJSONObject: record, options: [.sortedKeys]), as: UTF8.self)
        try LandmarkProcess.Files.write(line + "\n", to: files.spool)
        let landmark = try await LandmarkProcess.start(files: files, servicePort: server.port)
        defer { landmark.stop() }
        #expect(await LandmarkProcess.eventually { (try? await LandmarkProcess.records(server).count) == 1 }, "\(landmark.log)")
        #expect(try await LandmarkProcess.records(server).first?.issuedAt == issuedAt)
        #expect(await LandmarkProcess.eventually(5) { landmark.log.contains("1 posted, 0 refused, 0 kept") }, "\(landmark.log)")
        #expect((FileManager.default.contents(atPath: files.spool) ?? Data()).isEmpty)
    }
}
