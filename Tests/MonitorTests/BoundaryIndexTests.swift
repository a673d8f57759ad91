import Foundation
import Testing
@testable import Monitor

@Suite("The boundary index")
struct BoundaryIndexTests {
    /// Two square countries side by side (AA west of 10 E, BB east of it) and one across the antimeridian (CC).
    static let shapes = [
        AreaShape(code: "AA", provable: true, rings: [[LonLat(lon: 0, lat: 40), LonLat(lon: 10, lat: 40), LonLat(lon: 10, lat: 50), LonLat(lon: 0, lat: 50)]]),
        AreaShape(code: "BB", provable: true, rings: [[LonLat(lon: 10, lat: 40), LonLat(lon: 20, lat: 40), LonLat(lon: 20, lat: 50), LonLat(lon: 10, lat: 50)]]),
        AreaShape(code: "CC", provable: true, rings: [[LonLat(lon: 175, lat: -20), LonLat(lon: -175, lat: -20), LonLat(lon: -175, lat: -10), LonLat(lon: 175, lat: -10)]]),
    ]
    static let small = BoundaryIndexBuilder(maxDepth: 4).build(shapes)

    @Test("a cell inside one country is labelled inside it; a cell on a border touches both and is inside neither")
    func labels() {
        #expect(Self.small.areas(at: point(45, 3)) == (["AA"], ["AA"]))
        let border = Self.small.areas(at: point(45, 10.01))
        #expect(border.touching == ["AA", "BB"])
        #expect(border.inside.isEmpty)
        #expect(Self.small.areas(at: point(0, 0)) == ([], []))
    }

    @Test("a ring crossing the antimeridian covers both sides and not the rest of its latitudes")
    func antimeridian() {
        #expect(Self.small.areas(at: point(-15, 178)).inside == ["CC"])
        #expect(Self.small.areas(at: point(-15, -178)).inside == ["CC"])
        #expect(Self.small.areas(at: point(-15, 0)).touching.isEmpty)
    }

    @Test("the encoded index reads back the same, and damaged bytes are refused with the offset")
    func coding() throws {
        let bytes = Self.small.encoded()
        let again = try BoundaryIndex(encoded: bytes, file: "x.index")
        #expect(again.codes == Self.small.codes)
        #expect(again.cellCount == Self.small.cellCount)
        #expect(again.areas(at: point(45, 3)) == (["AA"], ["AA"]))
        #expect(throws: BoundaryDataError.self) { try BoundaryIndex(encoded: bytes.dropLast(3), file: "x.index") }
        var wrongMagic = bytes
        wrongMagic[0] = 0x58
        do {
            _ = try BoundaryIndex(encoded: wrongMagic, file: "x.index")
            Issue.record("a file with the wrong magic was read")
        } catch {
            #expect(error.description.hasPrefix("x.index: byte 8: not a Clearance boundary index"))
        }
    }

    @Test("the bundled index knows the countries, Crimea and the Donbas areas where Natural Earth draws them")
    func bundled() {
        let index = Bundled.index
        #expect(index.areas(at: point(48.8566, 2.3522)).inside == ["FR"])
        #expect(index.areas(at: point(52.52, 13.405)).inside == ["DE"])
        let simferopol = index.areas(at: point(44.9521, 34.1024))
        #expect(simferopol.inside.contains("UA-43") && simferopol.inside.contains("RU"))
        let donetsk = index.areas(at: point(48.0159, 37.8028))
        #expect(donetsk.touching.contains("UA-14") && donetsk.touching.contains("UA-09"))
        #expect(donetsk.inside == ["UA"], "the Donbas shape covers parts of two oblasts: reported, never proven")
        #expect(index.areas(at: point(22.3193, 114.1694)).touching.contains("HK"))
        #expect(index.areas(at: point(35, -40)).touching.isEmpty, "mid-Atlantic")
        #expect(index.areas(at: point(25.03, 121.56)).inside == ["TW"])
        #expect(index.areas(at: point(60.8, 9.5)).inside == ["NO"], "Natural Earth writes Norway without an ISO code")
    }
}

@Suite("Decoding TopoJSON and GeoJSON boundaries")
struct BoundaryDecodingTests {
    @Test("quantised delta-encoded arcs, reversed arc references and codes without ISO are decoded")
    func topoJSON() throws {
        let text = """
            {"type":"Topology","transform":{"scale":[0.5,0.25],"translate":[-10,20]},
             "arcs":[[[0,0],[20,0],[0,40]],[[20,40],[-20,0],[0,-40]]],
             "objects":{"countries":{"type":"GeometryCollection","geometries":[
               {"type":"Polygon","arcs":[[0,1]],"properties":{"isoA2":"CN-TW"}},
               {"type":"MultiPolygon","arcs":[[[0,1]]],"properties":{"adm0A3":"FRA"}},
               {"type":"Polygon","arcs":[[-2,-1]],"properties":{"adm0A3":"SOL"}}]}}}
            """
        let shapes = try BoundaryDecoding.countries(topoJSON: Data(text.utf8), file: "t.json")
        #expect(shapes.map(\.code) == ["TW", "FR", "SOL"])
        #expect(shapes[0].rings[0] == [
            LonLat(lon: -10, lat: 20), LonLat(lon: 0, lat: 20), LonLat(lon: 0, lat: 30), LonLat(lon: -10, lat: 30), LonLat(lon: -10, lat: 20),
        ])
        #expect(shapes[2].rings[0].first == LonLat(lon: -10, lat: 20))
        #expect(shapes[2].rings[0].count == 5)
    }

    @Test("a TopoJSON arc off the globe or a missing object is an error naming the place")
    func topoJSONErrors() {
        let off = #"{"transform":{"scale":[1,1],"translate":[0,0]},"arcs":[[[0,0],[200,0]]],"objects":{"countries":{"geometries":[]}}}"#
        #expect(throws: BoundaryDataError.self) { try BoundaryDecoding.countries(topoJSON: Data(off.utf8), file: "t.json") }
        do {
            _ = try BoundaryDecoding.countries(topoJSON: Data(off.utf8), file: "t.json")
        } catch {
            #expect(error.description.contains("arcs[0]"))
        }
        let none = #"{"transform":{"scale":[1,1],"translate":[0,0]},"arcs":[],"objects":{}}"#
        #expect(throws: BoundaryDataError.self) { try BoundaryDecoding.countries(topoJSON: Data(none.utf8), file: "t.json") }
    }

    @Test("the disputed-areas file must hold Crimea and the Donbas")
    func disputed() throws {
        let square = "[[[33,44],[36,44],[36,46],[33,46],[33,44]]]"
        let text = """
            {"type":"FeatureCollection","features":[
              {"properties":{"BRK_A3":"B89"},"geometry":{"type":"Polygon","coordinates":\(square)}},
              {"properties":{"BRK_A3":"B90"},"geometry":{"type":"Polygon","coordinates":\(square)}}]}
            """
        let shapes = try BoundaryDecoding.sanctionedRegions(geoJSON: Data(text.utf8), file: "d.json")
        #expect(shapes.map(\.code) == ["UA-43", "UA-14", "UA-09"])
        #expect(shapes.map(\.provable) == [true, false, false])
        let noCrimea = #"{"type":"FeatureCollection","features":[]}"#
        #expect(throws: BoundaryDataError.self) { try BoundaryDecoding.sanctionedRegions(geoJSON: Data(noCrimea.utf8), file: "d.json") }
    }
}
