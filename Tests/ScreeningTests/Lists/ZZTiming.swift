import Foundation
import Testing
@testable import Screening

@Test func listParsingTiming() throws {
    func cpu() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
    _ = CountryCodes.code(forName: "Iran")
    let manifest = try ListManifest.read(from: ListTestSupport.listsDirectory)
    for entry in manifest.lists {
        let t = Date(); let c = cpu()
        _ = try ListLoader.loadList(entry: entry, directory: ListTestSupport.listsDirectory)
        print("TIME", entry.source, Date().timeIntervalSince(t), "cpu", cpu() - c)
    }
    for _ in 0..<3 {
        let t = Date(); let c = cpu()
        _ = try ListLoader.load(directory: ListTestSupport.listsDirectory)
        print("LOAD", Date().timeIntervalSince(t), "cpu", cpu() - c)
    }
}
