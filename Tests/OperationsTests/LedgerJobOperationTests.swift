import Audit
import BundledData
import DataFormats
import Screening
import Foundation
import Store
import Tariffs
import Testing

@testable import Operations

/// A purchase ledger run as a background job (`BackgroundJobs.ledger`): progress of every line, the summary by
/// layer, origin and chapter at the ledger's dates and the what-if date as `ledger.json`, bad lines named by number,
/// and the one `duty.ledger` audit record (as `runLedger` writes it) by the owner; a ledger that cannot be run fails
/// the job naming the place, with nothing but `jobs.failed` audited. Every case on both backends.
@Suite struct LedgerJobOperationTests {
    static let tariffs = Result { try TariffData(directory: BundledData.tariffsDirectory) }
    static let ledger = Data("id,hts,origin,value,date\na,8471.30.0100,CN,1000,2025-06-01\nb,8471.30.0100,DE,500,2025-06-01\nc,9999.99.9999,CN,100,2025-06-01\n".utf8)

    func make(_ backend: ServiceBackend) async throws -> (Harness, ComplianceService, BackgroundJobs) {
        let harness = try await Harness.make(backend)
        let service = try await ComplianceService.open(
            store: harness.store, bundled: FixtureLists.all, determiner: try Harness.determiner.get(),
            manifest: try ListManifest.read(from: BundledData.listsDirectory), isKnownHTS10: { _ in true },
            trade: TradeCheckers(duty: { DutyCalculator(data: try Self.tariffs.get()) }, transfers: { throw Harness.Unused() }),
            keyEncryptionKey: Harness.kek)
        return (harness, service, try BackgroundJobs(store: harness.store, heartbeatInterval: .milliseconds(50)))
    }

    @Test("a ledger job finishes done with every line counted, the summary at both dates and the bad line in ledger.json, audited once as duty.ledger by its owner", arguments: ServiceBackend.allCases)
    func ledgerJob(backend: ServiceBackend) async throws {
        let (harness, service, jobs) = try await make(backend)
        let before = try await harness.head()
        let started = try await jobs.startLedger(
            Self.ledger, name: "q2.csv", defaultDate: nil, compareDate: CivilDate("2026-01-15"), service: service, owner: "user:sam")
        #expect(started.kind == "ledger" && started.owner == "user:sam")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:sam")
        #expect(job.state == .done && job.done == 3 && job.total == 3, "\(job.message ?? "")")
        #expect(job.message == "q2.csv: 2 lines, 1 with errors, duty USD 200.00; at 2026-01-15 USD 100.00")
        #expect(try await jobs.artefacts(id: job.id, owner: "user:sam").map(\.name) == ["ledger.json", "summary.csv"])
        let csv = try await jobs.artefact(id: job.id, name: "summary.csv", owner: "user:sam").content
        #expect(csv.hasPrefix("group,key,lines,value,duty,compare_date,compare_duty,difference\ntotal,\"\",2,1500.00,200.00,2026-01-15,100.00,-100.00\n"), "\(csv)")
        #expect(csv.contains("\nlayer,\"ieepa 9903.01.24\",1,") && csv.contains("\norigin,\"CN\",1,1000.00,200.00,") && csv.contains("\nchapter,\"84\",2,"))
        let json = try await jobs.artefact(id: job.id, name: "ledger.json", owner: "user:sam").content
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let summary = try #require((object["ledger"] as? [String: Any])?["summary"] as? [String: Any])
        #expect(object["name"] as? String == "q2.csv" && summary["lines"] as? Int == 2 && summary["errors"] as? Int == 1)
        #expect(summary["compare_date"] as? String == "2026-01-15" && (summary["by_origin"] as? [[String: Any]])?.count == 2)
        #expect((summary["by_chapter"] as? [[String: Any]])?.first?["chapter"] as? String == "84")
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1 && errors.first?["line"] as? Int == 4)
        let records = try await harness.records(after: before)
        #expect(records.map(\.action) == ["duty.ledger"])
        #expect(records.first?.actor == "user:sam" && records.first?.inputDigest == AuditRecord.digest(Self.ledger))
        #expect(records.first?.result == job.message)
    }

    @Test("a ledger job whose header lacks a column fails naming the line and column, auditing only jobs.failed", arguments: ServiceBackend.allCases)
    func ledgerJobFails(backend: ServiceBackend) async throws {
        let (harness, service, jobs) = try await make(backend)
        let before = try await harness.head()
        let started = try await jobs.startLedger(
            Data("hts,origin\n8471.30.0100,CN\n".utf8), name: "bad.csv", defaultDate: nil, compareDate: nil, service: service, owner: "user:sam")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:sam")
        #expect(job.state == .failed && job.message?.contains("line 1.") == true && job.message?.contains("bad.csv") == true, "\(job.message ?? "")")
        #expect(try await jobs.artefacts(id: job.id, owner: "user:sam").isEmpty)
        #expect(try await harness.records(after: before).map(\.action) == ["jobs.failed"])
    }

    @Test("a ledger over the size limit fails its job naming the ledger and the limit", arguments: ServiceBackend.allCases)
    func ledgerJobTooLarge(backend: ServiceBackend) async throws {
        let (_, service, jobs) = try await make(backend)
        let big = Data(repeating: UInt8(ascii: "a"), count: ComplianceService.ledgerUploadLimit + 1)
        let started = try await jobs.startLedger(big, name: "big.csv", defaultDate: nil, compareDate: nil, service: service, owner: "user:sam")
        await jobs.wait(id: started.id)
        let job = try await jobs.job(id: started.id, owner: "user:sam")
        #expect(job.state == .failed && job.message?.contains("big.csv is \(ComplianceService.ledgerUploadLimit + 1) bytes") == true, "\(job.message ?? "")")
    }
}
