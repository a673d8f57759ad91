import Audit
import Foundation
import Screening
import Store

/// Small restricted-party lists made in code (names invented for the tests), and the parties screened against them.
enum FixtureLists {
    /// A list of `source` with `entities`; its digest is taken over the entities, so two different versions never share one.
    static func list(_ source: String, _ entities: [Entity], published: String = "2026-01-15") -> ParsedList {
        let text = entities.map { "\($0.id)\u{1F}\($0.name)\u{1F}\($0.aliases.map(\.name).joined(separator: ","))" }.joined(separator: "\n")
        return ParsedList(
            metadata: ListMetadata(source: source, name: "\(source) (test)", published: published, sha256: AuditRecord.digest(Data(text.utf8))),
            entities: entities)
    }

    static let sidorov = Entity(
        id: "ofac-sdn:1001", source: "ofac-sdn", programs: ["RUSSIA-EO14024"], type: .person, name: "IVAN PETROVICH SIDOROV",
        datesOfBirth: [DateOfBirth(year: 1961)], nationalities: ["RU"])
    static let orbita = Entity(id: "ofac-sdn:1002", source: "ofac-sdn", programs: ["RUSSIA-EO14024"], type: .organization, name: "ROSTEKH ORBITA JSC")
    static let northwind = Entity(
        id: "us-dpl:1", source: "us-dpl", type: .organization, name: "NORTHWIND OPTRONICS TRADING", addresses: [Address(city: "Shenzhen", country: "CN")])

    /// Twenty invented UN entries: enough to tell a 10% removal (2) from one past the limit (3).
    static let unNames = [
        "ABDUL QADIR ZARGHUN", "BAKHTIYAR NURMATOV", "CHIRWA MWALE TEMBO", "DMITRI ALEXEYEVICH VOLKOV", "EMMANUEL OKONKWO NWOSU",
        "FARID HASSAN QURESHI", "GORAN MILOSAVLJEVIC", "HAMID REZA TAVAKOLI", "IBRAHIM MUSA KANTE", "JAMSHID ERGASHEV",
        "KWAME ASANTE BOATENG", "LIM CHONG HAK", "MOHAMMED SALEH AL-AMRI", "NGUYEN VAN THANH", "OMAR FAROUK BASHIR",
        "PAK YONG CHOL", "QASIM JAFARI NOORI", "RUSTAM KHOLMATOV", "SERGEI VIKTOROVICH ORLOV", "TARIQ MAHMOUD ZAIDI",
    ]

    static func unEntity(_ index: Int, name: String? = nil) -> Entity {
        Entity(id: "un:QDi.\(101 + index)", source: "un", programs: ["1267"], type: .person, name: name ?? unNames[index])
    }

    static let un = list("un", unNames.indices.map { unEntity($0) })
    static let sdn = list("ofac-sdn", [sidorov, orbita])
    static let dpl = list("us-dpl", [northwind])
    /// The lists a harness starts with.
    static let all = [sdn, un, dpl]

    /// A listed person (matches `sidorov`), a clean bakery, and the clean photonics maker of the enforcement walkthrough.
    static let listedPerson = PartyRecord(id: "p1", name: "Ivan Petrovich Sidorov", type: "person", country: "RU", dateOfBirth: "1961")
    static let bakery = PartyRecord(id: "p2", name: "Harbourside Bakery Ltd", type: "organization", country: "GB")
    static let photonics = PartyRecord(id: "p3", name: "Shenzhen Lumen Photonics Co", type: "organization", country: "CN")
}
