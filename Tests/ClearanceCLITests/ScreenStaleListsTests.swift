import Foundation
import Testing

@Suite("clearance screen says which lists are stale: past --stale-after since their publication")
struct ScreenStaleListsTests {
    /// Days from midnight UTC of `day` (`YYYY-MM-DD…`) to now, computed here apart from the engine's own clock code.
    private func daysSince(_ day: String) throws -> Double {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        let date = try #require(formatter.date(from: String(day.prefix(10))), "not a date: \(day)")
        return Date().timeIntervalSince(date) / 86_400
    }

    @Test("each list of a JSON answer carries its age since publication and whether that is past --stale-after")
    func jsonAnswerCarriesEachListsAgeAndStaleness() async throws {
        let output = try await CLI.run(["screen", "Banco Nacional de Cuba", "--format", "json", "--stale-after", "400d"])
        #expect(output.status == 0, "\(output.stderr)")
        let lists = try #require(try jsonObject(output.stdout)["lists"] as? [[String: Any]])
        #expect(lists.count >= 6)
        var stale = 0
        for list in lists {
            let source = list["source"] as? String ?? "?"
            guard let published = list["published"] as? String else {
                #expect(list["stale"] as? Bool == true, "\(source): a list of unknown age is stale")
                continue
            }
            let age = try #require(list["age_days"] as? Double, "\(source) has no age_days")
            #expect(abs(age - (try daysSince(published))) < 1, "\(source): age \(age) for \(published)")
            #expect(list["stale"] as? Bool == (age > 400), "\(source): \(age) days against 400")
            if age > 400 { stale += 1 }
        }
        // The bundled OFAC lists of 2023 are older than 400 days; a limit of a hundred years makes every dated list current.
        #expect(stale > 0)
        let generous = try await CLI.run(["screen", "Banco Nacional de Cuba", "--format", "json", "--stale-after", "36500d"])
        let current = try #require(try jsonObject(generous.stdout)["lists"] as? [[String: Any]])
        #expect(current.allSatisfy { $0["published"] == nil || $0["stale"] as? Bool == false })
    }

    @Test("the text answer names each stale list with its date, and a batch names them on standard error only")
    func textAndBatchNameTheStaleLists() async throws {
        let text = try await CLI.run(["screen", "Banco Nacional de Cuba", "--stale-after", "400d"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("stale: ofac-sdn (published 2023-12-28) is "))
        #expect(text.stdout.contains("past --stale-after 400d"))
        let current = try await CLI.run(["screen", "Banco Nacional de Cuba", "--stale-after", "36500d"])
        #expect(!current.stdout.contains("stale:"))

        let file = try CLI.temporaryFile("id,name\nc1,Banco Nacional de Cuba\n")
        let batch = try await CLI.run(["screen", "--input", file, "--format", "jsonl", "--stale-after", "400d"])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stderr.contains("clearance screen: stale: ofac-sdn (published 2023-12-28)"))
        let rows = batch.stdout.split(separator: "\n")
        #expect(rows.count == 1)
        #expect(try jsonObject(rows[0])["query_id"] as? String == "c1")
    }
}
