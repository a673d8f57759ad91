// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Clearance",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Tabular", targets: ["Tabular"]),
        .library(name: "Screening", targets: ["Screening"]),
        .library(name: "BundledData", targets: ["BundledData"]),
        .library(name: "Determination", targets: ["Determination"]),
        .library(name: "Flows", targets: ["Flows"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Operations", targets: ["Operations"]),
        .library(name: "HTTPAPI", targets: ["HTTPAPI"]),
        .library(name: "Enforcement", targets: ["Enforcement"]),
        .library(name: "ReleaseTokens", targets: ["ReleaseTokens"]),
        .library(name: "ReleaseGate", targets: ["ReleaseGate"]),
        .library(name: "Tariffs", targets: ["Tariffs"]),
        .library(name: "TariffExclusions", targets: ["TariffExclusions"]),
        .executable(name: "clearance", targets: ["clearance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // Tabular input and output: CSV readers (strict for curated tables, lenient and streaming for input), a JSON writer, dates, worker slots.
        .target(name: "Tabular"),
        // Restricted-party screening: list formats, the entity model, name normalisation, index, scoring.
        .target(
            name: "Screening",
            dependencies: [
                "Tabular",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // EAR license determination: reference tables, the Part 732 steps, and their explanations.
        .target(name: "Determination", dependencies: ["Tabular", "Screening"]),
        // Cross-border data transfers: the dated transfer tables, the RULES.md A.0 procedure, agreements and conflicts.
        .target(name: "Flows", dependencies: ["Tabular"]),
        // The tamper-evident audit record: canonical encoding, hash chain, verification (no I/O).
        .target(name: "Audit", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Tariff-exclusion requests, dockets, decisions and their consistency check: the models and rules (no I/O).
        .target(name: "TariffExclusions"),
        // Keys, parties, alerts and the audit chain: one API, SQLite (GRDB) and PostgreSQL (postgres-nio).
        .target(
            name: "Store",
            dependencies: [
                "Audit",
                "TariffExclusions",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Enforcement: whether licences authorise a determination, and the PERMIT/DENY/REVIEW decision point's rules.
        .target(name: "Enforcement", dependencies: ["Tabular", "Determination", "Store"]),
        // Signed release tokens: Ed25519 compact JWS (jwt-kit), the published key set, offline verification, revocations.
        .target(name: "ReleaseTokens", dependencies: [.product(name: "JWTKit", package: "jwt-kit")]),
        // The gate: Hummingbird middleware releasing manifest artefacts only to valid, unrevoked tokens.
        .target(
            name: "ReleaseGate",
            dependencies: [
                "ReleaseTokens", "Tabular",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // US duty stacking: the schedule, Section 301/232, IEEPA and Section 122 layers, their interactions, ledgers.
        .target(
            name: "Tariffs",
            dependencies: ["Tabular", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The domain: every user action defined once (screen-and-audit, import-and-rescreen, authorise-and-draw, decide a
        // case, exclusions, keys): calls the engines, writes the store and the audit record, emits metrics. No HTTP here.
        .target(
            name: "Operations",
            dependencies: [
                "Tabular", "Screening", "Determination", "Store", "Audit", "Enforcement", "ReleaseTokens", "TariffExclusions",
                "Tariffs", "Flows",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The JSON API over Operations (Hummingbird 2), its types and routing generated from openapi.yaml
        // (swift-openapi-generator): decoding, roles, status codes and error bodies only.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Operations", "Tabular", "Screening", "Determination", "Store", "Audit", "Enforcement", "ReleaseTokens",
                "TariffExclusions", "Tariffs", "Flows",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The public lists, EAR and trade tables shipped with Clearance (see the PROVENANCE.md of Data/lists, Data/ear, Data/trade/*).
        .target(
            name: "BundledData",
            path: "Data",
            resources: [.copy("lists"), .copy("ear"), .copy("trade")]
        ),
        // The command-line tool: one ArgumentParser command per file, wiring only.
        .executableTarget(
            name: "clearance",
            dependencies: [
                "Tabular",
                "Screening",
                "Determination",
                "Flows",
                "Store",
                "Audit",
                "Operations",
                "HTTPAPI",
                "BundledData",
                "Enforcement",
                "ReleaseTokens",
                "ReleaseGate",
                "Tariffs",
                "TariffExclusions",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ScreeningTests",
            dependencies: ["Tabular", "Screening", "BundledData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EnforcementTests",
            dependencies: [
                "Tabular", "Enforcement", "Determination", "Store", "BundledData", "ReleaseTokens", "ReleaseGate",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .testTarget(
            name: "TariffsTests",
            dependencies: ["Tariffs", "Tabular", "BundledData"]
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: ["Operations", "Store", "Audit", "ReleaseTokens"]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: ["HTTPAPI", "Operations", "Tabular"]
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Audit", "TariffExclusions"]
        ),
        .testTarget(
            name: "TariffExclusionsTests",
            dependencies: ["TariffExclusions"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DeterminationTests",
            dependencies: ["Determination", "BundledData"]
        ),
        .testTarget(
            name: "FlowsTests",
            dependencies: ["Flows", "Tabular", "BundledData"]
        ),
        // End-to-end tests: run the built `clearance` binary as a user would.
        .testTarget(
            name: "ClearanceCLITests",
            dependencies: ["clearance", "Store"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
