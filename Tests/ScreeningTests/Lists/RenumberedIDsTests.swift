import Testing

@testable import Screening

@Suite("Ids a publisher renumbered between releases are kept, one to one by list, type and name")
struct RenumberedIDsTests {
    private func entity(_ id: String, _ name: String, program: String = "Entity List (EL)", type: EntityType = .organization) -> Entity {
        Entity(id: id, source: "us-csl", programs: [program], type: type, name: name)
    }

    @Test("a record whose id the previous release lacks takes the id of the one record that left with its list, type and name")
    func oneToOnePairsKeepTheOldID() {
        let leaving = [entity("us-csl:old1", "Acme  Photonics Ltd"), entity("us-csl:old2", "Beta Works")]
        let next = [entity("us-csl:new1", "ACME PHOTONICS LTD"), entity("us-csl:new2", "Beta Works"), entity("us-csl:same", "Gamma")]
        let result = RenumberedIDs.carryOver(next, previousIDs: ["us-csl:old1", "us-csl:old2", "us-csl:same"], leaving: leaving)
        #expect(result.entities.map(\.id) == ["us-csl:old1", "us-csl:old2", "us-csl:same"])
        #expect(result.kept.map(\.published) == ["us-csl:new1", "us-csl:new2"])
        #expect(result.ambiguous == 0)
    }

    @Test("another list within the consolidated list, another type or another name is not the same record")
    func theKeyMustAgree() {
        let leaving = [entity("us-csl:a", "Delta"), entity("us-csl:b", "Epsilon"), entity("us-csl:c", "Zeta")]
        let next = [
            entity("us-csl:x", "Delta", program: "Military End User (MEU) List"),
            entity("us-csl:y", "Epsilon", type: .person),
            entity("us-csl:z", "Zeta Two"),
        ]
        let result = RenumberedIDs.carryOver(next, previousIDs: ["us-csl:a", "us-csl:b", "us-csl:c"], leaving: leaving)
        #expect(result.entities.map(\.id) == ["us-csl:x", "us-csl:y", "us-csl:z"])
        #expect(result.kept.isEmpty)
    }

    @Test("a name two records share on either side is left as published, never guessed")
    func sharedNamesAreNotPaired() {
        let leaving = [entity("us-csl:a1", "Omega Trading"), entity("us-csl:a2", "Omega Trading"), entity("us-csl:b1", "Sigma")]
        let next = [entity("us-csl:n1", "Omega Trading"), entity("us-csl:n2", "Sigma"), entity("us-csl:n3", "Sigma")]
        let result = RenumberedIDs.carryOver(next, previousIDs: ["us-csl:a1", "us-csl:a2", "us-csl:b1"], leaving: leaving)
        #expect(result.entities.map(\.id) == ["us-csl:n1", "us-csl:n2", "us-csl:n3"])
        #expect(result.kept.isEmpty)
        #expect(result.ambiguous == 3)
    }
}
