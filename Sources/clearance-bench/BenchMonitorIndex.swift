import ArgumentParser
import Foundation
import Monitor

/// `clearance-bench monitor-index`: builds the Monitor engine's boundary index from the Natural Earth files
/// (run by scripts/build-monitor-index; the result is committed as Data/geo/boundaries.index).
struct BenchMonitorIndex: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor-index",
        abstract: "Build Data/geo/boundaries.index from Natural Earth 1:10m countries (TopoJSON) and disputed areas (GeoJSON).",
        discussion: """
            Example:
              clearance-bench monitor-index --countries countries-10m.topojson.json \\
                --disputed ne_10m_admin_0_disputed_areas.json --output Data/geo/boundaries.index
            """
    )

    @Option(help: ArgumentHelp("world-atlas countries TopoJSON (Natural Earth admin-0, independent view).", valueName: "FILE"))
    var countries: String

    @Option(help: ArgumentHelp("Natural Earth admin-0 disputed areas GeoJSON (Crimea B89, Donbas B90).", valueName: "FILE"))
    var disputed: String

    @Option(help: ArgumentHelp("Where to write the index.", valueName: "FILE"))
    var output: String

    @Option(help: "How many times a 10 degree cell with a boundary in it is split in four.")
    var depth: Int = 7

    func run() throws {
        let start = Date()
        let countryData = try Data(contentsOf: URL(fileURLWithPath: countries))
        let disputedData = try Data(contentsOf: URL(fileURLWithPath: disputed))
        let shapes = try BoundaryDecoding.countries(topoJSON: countryData, file: countries)
            + BoundaryDecoding.sanctionedRegions(geoJSON: disputedData, file: disputed)
        let index = BoundaryIndexBuilder(maxDepth: depth).build(shapes)
        let bytes = index.encoded()
        try bytes.write(to: URL(fileURLWithPath: output))
        let seconds = Date().timeIntervalSince(start)
        print("\(shapes.count) areas, \(index.cellCount) cells, \(bytes.count) bytes, \(String(format: "%.1f", seconds)) s -> \(output)")
    }
}
