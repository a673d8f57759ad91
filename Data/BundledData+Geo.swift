import Foundation

extension BundledData {
    /// The folder holding the Monitor engine's boundary index (`boundaries.index`, built from Natural Earth
    /// 1:10m countries and disputed areas; see `geo/PROVENANCE.md`). When the resources are missing (a binary
    /// copied away from its build folder) the path does not exist, and loading it fails with a message naming it.
    public static var geoDirectory: URL {
        Bundle.module.url(forResource: "geo", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("geo", isDirectory: true)
    }

    /// The Monitor engine's boundary index file.
    public static var boundaryIndexFile: URL { geoDirectory.appendingPathComponent("boundaries.index") }
}
