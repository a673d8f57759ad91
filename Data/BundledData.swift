import Foundation

/// The restricted-party lists bundled with Clearance, as published by their governments, and the
/// EAR reference tables the determination engine reads, and the trade tables.
///
/// The files live in `Data/lists/`; `lists/manifest.json` says which file holds which source and
/// `lists/PROVENANCE.md` where each came from. The EAR tables live in `Data/ear/`, described by
/// `ear/tables.json` and `ear/PROVENANCE.md`. The data-transfer tables live in
/// `Data/trade/transfers/` and the US tariff tables in `Data/trade/tariffs/`, each described by its
/// `tables.json` and `PROVENANCE.md`.
public enum BundledData {
    /// The folder holding `manifest.json` and the list files. When the resources are missing (a
    /// binary copied away from its build folder) the path does not exist, and loading it fails
    /// with a message naming it; pass `--lists-dir` then.
    public static var listsDirectory: URL {
        Bundle.module.url(forResource: "lists", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("lists", isDirectory: true)
    }

    /// The folder holding the EAR tables and `tables.json`. When the resources are missing (a
    /// binary copied away from its build folder) the path does not exist, and loading it fails
    /// with a message naming `tables.json`.
    public static var earDirectory: URL {
        Bundle.module.url(forResource: "ear", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("ear", isDirectory: true)
    }

    /// The folder holding the US tariff tables and their `tables.json` (see `trade/tariffs/PROVENANCE.md`).
    public static var tariffsDirectory: URL { tradeDirectory.appendingPathComponent("tariffs", isDirectory: true) }

    /// The folder holding the data-transfer tables and their `tables.json` (the Flows engine's
    /// data). When the resources are missing (a binary copied away from its build folder) the
    /// path does not exist, and loading it fails with a message naming `tables.json`.
    public static var transfersDirectory: URL { tradeDirectory.appendingPathComponent("transfers", isDirectory: true) }

    private static var tradeDirectory: URL {
        Bundle.module.url(forResource: "trade", withExtension: nil)
            ?? Bundle.module.bundleURL.appendingPathComponent("trade", isDirectory: true)
    }
}
