import Foundation
import Store
import Testing

/// End-to-end: three `clearance worker` processes share one re-screening job on PostgreSQL.
@Suite(.serialized) struct WorkerCommandTests {
    @Test func threeWorkersShareAJobWithNoChunkDoneTwice() async throws {
        let database = try await Server.freshDatabase(.postgres)
        var rows = ["id,name,type,country,dob"]
        for index in 0..<600 { rows.append("p\(String(format: "%04d", index)),Trading House \(index),organization,,") }
        rows.append("p9999,Zebulon Quixote Trading,organization,,")
        let parties = try CLI.temporaryFile(rows.joined(separator: "\n") + "\n")
        #expect(try await CLI.run(["parties", "import", parties, "--database", database]).status == 0)
        let queued = try await CLI.run([
            "lists", "import", try ListsImportCommandTests.changedDPL(), "--source", "us-dpl", "--database", database,
            "--enqueue-only", "--chunk-size", "20",
        ])
        #expect(queued.status == 0, "\(queued.stderr)")
        #expect(queued.stdout.contains("(31 chunks); 0 parties re-screened"), "\(queued.stdout)")

        var workers: [(Process, Pipe)] = []
        for _ in 0..<3 {
            let (process, output) = try CLI.spawn(["worker", "--database", database])
            workers.append((process, output))
        }
        var chunks: [Int] = []
        for (process, output) in workers {
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let count = text.split(separator: ":").dropFirst(2).first.flatMap { Int($0.split(separator: " ").first ?? "") } ?? -1
            chunks.append(count)
        }
        #expect(chunks.reduce(0, +) == 31, "every chunk done once across the workers: \(chunks)")
        let records = try await CLI.run(["audit", "list", "--limit", "10000", "--database", database]).stdout
        #expect(records.components(separatedBy: "\"action\":\"lists.rescreen\"").count - 1 == 31)
        let open = try await CLI.run(["cases", "list", "--database", database]).stdout
        #expect(open.contains("\"party_id\":\"p9999\""), "the new entity's match was found by a worker")
        #expect(try await CLI.run(["audit", "verify", "--database", database]).status == 0)
    }
}
