import Foundation

/// The restricted-party lists bundled with Clearance, as published by their governments.
///
/// The files live in `Data/lists/`; `lists/manifest.tsv` says which file holds which source
/// and `lists/PROVENANCE.md` where each came from.
public enum BundledData {
    /// The folder holding `manifest.tsv` and the list files.
    public static var listsDirectory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("lists", isDirectory: true)
    }
}
