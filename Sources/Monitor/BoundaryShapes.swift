import Foundation

/// One area the boundary index knows: a country (ISO 3166 alpha-2, or Natural Earth's ADM0_A3 for the few
/// map units without one) or a sanctioned sub-national region (`UA-43` Crimea; `UA-14`/`UA-09` for the
/// Donbas area, which Natural Earth draws as one piece and so can only be reported as touched, never proven).
public struct AreaShape: Sendable {
    /// The code reported in `possible_countries`.
    public let code: String
    /// Whether the region may be proven wholly inside this area (false when the drawn shape is wider than the area).
    public let provable: Bool
    /// Closed rings in degrees (longitude, latitude), even-odd filled; the last point need not repeat the first.
    public let rings: [[LonLat]]

    /// An area from its rings.
    public init(code: String, provable: Bool, rings: [[LonLat]]) {
        self.code = code
        self.provable = provable
        self.rings = rings
    }
}

/// A vertex in degrees.
public struct LonLat: Sendable, Hashable {
    /// Degrees east.
    public var lon: Double
    /// Degrees north.
    public var lat: Double

    /// A vertex.
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }
}

/// Why boundary data could not be read: the file and the place in it.
public struct BoundaryDataError: Error, Sendable, CustomStringConvertible {
    /// The file as the caller names it.
    public let file: String
    /// What is wrong and where (a JSON path or byte offset).
    public let problem: String

    /// An error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// `file: problem`.
    public var description: String { "\(file): \(problem)" }
}

/// Decodes the Natural Earth boundaries: world-atlas TopoJSON (quantised, delta-encoded arcs) and GeoJSON.
public enum BoundaryDecoding {
    /// Codes for the map units Natural Earth leaves without an ISO code, or codes it writes differently.
    static let codeOverrides: [String: String] = ["FRA": "FR", "NOR": "NO", "KOS": "XK"]

    /// The country shapes of a world-atlas TopoJSON file (object `countries`; feature property `isoA2`,
    /// else `ISO_A2_EH`, else the ADM0_A3 code; `CN-TW` is written `TW`).
    public static func countries(topoJSON data: Data, file: String) throws(BoundaryDataError) -> [AreaShape] {
        func fail(_ problem: String) -> BoundaryDataError { BoundaryDataError(file: file, problem: problem) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard let transform = root["transform"] as? [String: Any],
            let scale = transform["scale"] as? [Double], scale.count == 2,
            let translate = transform["translate"] as? [Double], translate.count == 2
        else { throw fail("transform: scale and translate must be two numbers each") }
        guard let rawArcs = root["arcs"] as? [[[Double]]] else { throw fail("arcs: must be arrays of [x, y] positions") }
        var arcs: [[LonLat]] = []
        arcs.reserveCapacity(rawArcs.count)
        for (index, raw) in rawArcs.enumerated() {
            var x = 0.0, y = 0.0
            var points: [LonLat] = []
            points.reserveCapacity(raw.count)
            for position in raw {
                guard position.count >= 2 else { throw fail("arcs[\(index)]: a position has fewer than 2 numbers") }
                x += position[0]
                y += position[1]
                let point = LonLat(lon: x * scale[0] + translate[0], lat: y * scale[1] + translate[1])
                guard (-180...180).contains(point.lon), (-90...90).contains(point.lat) else {
                    throw fail("arcs[\(index)]: position (\(point.lon), \(point.lat)) is off the globe")
                }
                points.append(point)
            }
            arcs.append(points)
        }
        guard let objects = root["objects"] as? [String: Any], let countries = objects["countries"] as? [String: Any],
            let geometries = countries["geometries"] as? [[String: Any]]
        else { throw fail("objects.countries.geometries: missing") }
        var shapes: [AreaShape] = []
        for (index, geometry) in geometries.enumerated() {
            let place = "objects.countries.geometries[\(index)]"
            let properties = geometry["properties"] as? [String: Any] ?? [:]
            guard let code = countryCode(properties) else { throw fail("\(place): no isoA2, ISO_A2_EH or adm0A3 code") }
            let polygons: [[[Int]]]
            switch geometry["type"] as? String {
            case "Polygon":
                guard let rings = geometry["arcs"] as? [[Int]] else { throw fail("\(place).arcs: not a polygon's arc lists") }
                polygons = [rings]
            case "MultiPolygon":
                guard let list = geometry["arcs"] as? [[[Int]]] else { throw fail("\(place).arcs: not a multipolygon's arc lists") }
                polygons = list
            case let other:
                throw fail("\(place).type: \(other ?? "missing") is not Polygon or MultiPolygon")
            }
            var rings: [[LonLat]] = []
            for polygon in polygons {
                for ring in polygon {
                    var points: [LonLat] = []
                    for reference in ring {
                        let arcIndex = reference >= 0 ? reference : ~reference
                        guard arcIndex < arcs.count else { throw fail("\(place): arc \(reference) does not exist") }
                        let arc = reference >= 0 ? arcs[arcIndex] : arcs[arcIndex].reversed()
                        points.append(contentsOf: points.isEmpty ? arc[...] : arc.dropFirst())
                    }
                    // A ring of fewer than 3 distinct points encloses nothing (Natural Earth has a few slivers).
                    if Set(points).count >= 3 { rings.append(points) }
                }
            }
            shapes.append(AreaShape(code: code, provable: true, rings: rings))
        }
        return merged(shapes)
    }

    /// Crimea (`BRK_A3` B89, as `UA-43`) and the Donbas area (B90, as `UA-14` and `UA-09`, reported when touched
    /// but never proven, since the one shape covers parts of both oblasts) from Natural Earth's disputed areas.
    public static func sanctionedRegions(geoJSON data: Data, file: String) throws(BoundaryDataError) -> [AreaShape] {
        func fail(_ problem: String) -> BoundaryDataError { BoundaryDataError(file: file, problem: problem) }
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let features = root["features"] as? [[String: Any]]
        else { throw fail("not a GeoJSON FeatureCollection") }
        var crimea: [[LonLat]]?, donbas: [[LonLat]]?
        for (index, feature) in features.enumerated() {
            let properties = feature["properties"] as? [String: Any] ?? [:]
            let brk = properties["BRK_A3"] as? String
            guard brk == "B89" || brk == "B90" else { continue }
            guard let geometry = feature["geometry"] as? [String: Any] else { throw fail("features[\(index)]: no geometry") }
            let rings = try geoJSONRings(geometry, place: "features[\(index)].geometry", file: file)
            if brk == "B89" { crimea = rings } else { donbas = rings }
        }
        guard let crimea else { throw fail("no feature with BRK_A3 B89 (Crimea)") }
        guard let donbas else { throw fail("no feature with BRK_A3 B90 (Donbas)") }
        return [
            AreaShape(code: "UA-43", provable: true, rings: crimea),
            AreaShape(code: "UA-14", provable: false, rings: donbas),
            AreaShape(code: "UA-09", provable: false, rings: donbas),
        ]
    }

    private static func geoJSONRings(_ geometry: [String: Any], place: String, file: String) throws(BoundaryDataError) -> [[LonLat]] {
        func fail(_ problem: String) -> BoundaryDataError { BoundaryDataError(file: file, problem: "\(place): \(problem)") }
        let polygons: [[[[Double]]]]
        switch geometry["type"] as? String {
        case "Polygon":
            guard let rings = geometry["coordinates"] as? [[[Double]]] else { throw fail("coordinates are not rings") }
            polygons = [rings]
        case "MultiPolygon":
            guard let list = geometry["coordinates"] as? [[[[Double]]]] else { throw fail("coordinates are not polygons") }
            polygons = list
        default:
            throw fail("type is not Polygon or MultiPolygon")
        }
        var result: [[LonLat]] = []
        for polygon in polygons {
            for ring in polygon {
                var points: [LonLat] = []
                for position in ring {
                    guard position.count >= 2, (-180...180).contains(position[0]), (-90...90).contains(position[1]) else {
                        throw fail("a position is not a longitude and latitude")
                    }
                    points.append(LonLat(lon: position[0], lat: position[1]))
                }
                guard points.count >= 3 else { throw fail("a ring has fewer than 3 points") }
                result.append(points)
            }
        }
        return result
    }

    static func countryCode(_ properties: [String: Any]) -> String? {
        let adm0 = properties["adm0A3"] as? String ?? properties["ADM0_A3"] as? String
        if let adm0, let code = codeOverrides[adm0] { return code }
        for key in ["isoA2", "ISO_A2_EH", "ISO_A2"] {
            if let code = properties[key] as? String, code != "-99", !code.isEmpty {
                return code == "CN-TW" ? "TW" : code
            }
        }
        return adm0
    }

    /// Shapes with the same code joined into one (even-odd over all their rings).
    private static func merged(_ shapes: [AreaShape]) -> [AreaShape] {
        var order: [String] = []
        var rings: [String: [[LonLat]]] = [:]
        for shape in shapes {
            if rings[shape.code] == nil { order.append(shape.code) }
            rings[shape.code, default: []].append(contentsOf: shape.rings)
        }
        return order.map { AreaShape(code: $0, provable: true, rings: rings[$0] ?? []) }
    }
}
