import Store
import Testing
@testable import Workbench

/// The home page's open-alert counts: exact below the store's cap, a marked lower bound from it on.
@Suite struct OpenAlertCountTextTests {
    @Test("a count that reached the cap reads as at least that many ('1,000+'), and so does any sum that holds one")
    func cappedCountsReadAsLowerBounds() {
        let capped = OpenAlertCount(source: "ofac-sdn", bucket: 0, count: 1_000, atLeast: true)
        let exact = OpenAlertCount(source: "ofac-sdn", bucket: 1, count: 234)
        #expect(OpenAlertCountText.text([capped]) == "1,000+")
        #expect(OpenAlertCountText.text([exact]) == "234")
        #expect(OpenAlertCountText.text([capped, exact]) == "1,234+")
        #expect(OpenAlertCountText.text([]) == "0")
        #expect(OpenAlertCountText.grouped(1_234_567) == "1,234,567")
    }
}
