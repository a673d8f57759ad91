// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Clearance",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "DataFormats", targets: ["DataFormats"]),
        .library(name: "Screening", targets: ["Screening"]),
        .library(name: "BundledData", targets: ["BundledData"]),
        .library(name: "Determination", targets: ["Determination"]),
        .library(name: "Flows", targets: ["Flows"]),
        .library(name: "Audit", targets: ["Audit"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Operations", targets: ["Operations"]),
        .library(name: "HTTPAPI", targets: ["HTTPAPI"]),
        .library(name: "Workbench", targets: ["Workbench"]),
        .library(name: "Enforcement", targets: ["Enforcement"]),
        .library(name: "ReleaseTokens", targets: ["ReleaseTokens"]),
        .library(name: "ReleaseGate", targets: ["ReleaseGate"]),
        .library(name: "Tariffs", targets: ["Tariffs"]),
        .library(name: "TariffExclusions", targets: ["TariffExclusions"]),
        .library(name: "Monitor", targets: ["Monitor"]),
        .executable(name: "clearance", targets: ["clearance"]),
        .executable(name: "clearance-bench", targets: ["clearance-bench"]),
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
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.30.0"),
    ],
    targets: [
        // Shared data formats: the CSV reader (strict or lenient, streaming), the tables.json loader and its data error, JSON and JSON lines, civil dates and data freshness, input text rules, worker slots.
        .target(name: "DataFormats"),
        // Restricted-party screening: list formats, the entity model, name normalisation, index, scoring.
        .target(
            name: "Screening",
            dependencies: [
                "DataFormats",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // EAR license determination: reference tables, the Part 732 steps, and their explanations.
        .target(name: "Determination", dependencies: ["DataFormats", "Screening"]),
        // Cross-border data transfers: the dated transfer tables, the RULES.md A.0 procedure, agreements and conflicts.
        .target(name: "Flows", dependencies: ["DataFormats"]),
        // The tamper-evident audit record: canonical encoding, hash chain, verification (no I/O).
        .target(name: "Audit", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Tariff-exclusion requests, dockets, decisions and their consistency check: the models and rules (no I/O).
        .target(name: "TariffExclusions", dependencies: ["DataFormats"]),
        // Location verification: distance bounds on the sphere, the region, the countries it can touch, verdicts (no I/O).
        .target(name: "Monitor", dependencies: ["DataFormats", .product(name: "Crypto", package: "swift-crypto")]),
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
        .target(name: "Enforcement", dependencies: ["DataFormats", "Determination"]),
        // Signed release tokens: Ed25519 compact JWS (jwt-kit), the published key set, offline verification, revocations.
        .target(name: "ReleaseTokens", dependencies: [.product(name: "JWTKit", package: "jwt-kit")]),
        // The gate: Hummingbird middleware releasing manifest artefacts only to valid, unrevoked tokens.
        .target(
            name: "ReleaseGate",
            dependencies: [
                "ReleaseTokens", "DataFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // US duty stacking: the schedule, Section 301/232, IEEPA and Section 122 layers, their interactions, ledgers.
        .target(
            name: "Tariffs",
            dependencies: ["DataFormats", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // The domain: every user action defined once (screen-and-audit, import-and-rescreen, authorise-and-draw, decide a
        // case, exclusions, keys): calls the engines, writes the store and the audit record, emits metrics. No HTTP here.
        .target(
            name: "Operations",
            dependencies: [
                "DataFormats", "Screening", "Determination", "Store", "Audit", "Enforcement", "ReleaseTokens", "TariffExclusions",
                "Tariffs", "Flows", "Monitor",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The JSON API over Operations (Hummingbird 2), its types and routing generated from openapi.yaml
        // (swift-openapi-generator): decoding, roles, status codes and error bodies only.
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Operations", "DataFormats", "Screening", "Determination", "Store", "Audit", "Enforcement", "ReleaseTokens",
                "TariffExclusions", "Tariffs", "Flows", "Monitor",
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
        // The Workbench: server-rendered HTML pages (swift-mustache templates) over Operations, mounted by `clearance serve` at `/`.
        .target(
            name: "Workbench",
            dependencies: [
                "Operations", "Screening", "Store", "Audit", "DataFormats", "TariffExclusions",
                "Determination", "Tariffs", "Flows", "BundledData",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Static")]
        ),
        // The public lists, EAR and trade tables shipped with Clearance (see the PROVENANCE.md of Data/lists, Data/ear, Data/trade/*).
        .target(
            name: "BundledData",
            path: "Data",
            resources: [.copy("lists"), .copy("ear"), .copy("trade"), .copy("geo")]
        ),
        // What the two executables share: the list-selection options, JSON report encoding, the gate's audit writer.
        .target(
            name: "CommandSupport",
            dependencies: [
                "Audit", "BundledData", "ReleaseGate", "Screening", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command-line tool: one ArgumentParser command per file, wiring only.
        .executableTarget(
            name: "clearance",
            dependencies: [
                "DataFormats",
                "Screening",
                "Determination",
                "Flows",
                "Store",
                "Audit",
                "Operations",
                "HTTPAPI",
                "Workbench",
                "BundledData",
                "Enforcement",
                "ReleaseTokens",
                "ReleaseGate",
                "Tariffs",
                "TariffExclusions",
                "CommandSupport",
                "Monitor",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // The benchmarks behind the README's figures (`clearance-bench screen|determine|duty|tokens|gate`), not shipped in `clearance`.
        .executableTarget(
            name: "clearance-bench",
            dependencies: [
                "BundledData", "CommandSupport", "Determination", "ReleaseGate", "ReleaseTokens", "Screening", "Store", "DataFormats",
                "Tariffs", "Monitor",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DataFormatsTests",
            dependencies: ["DataFormats"]
        ),
        .testTarget(
            name: "ScreeningTests",
            dependencies: ["DataFormats", "Screening", "BundledData"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EnforcementTests",
            dependencies: [
                "DataFormats", "Enforcement", "Determination", "Store", "BundledData", "ReleaseTokens", "ReleaseGate",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
        .testTarget(
            name: "TariffsTests",
            dependencies: ["Tariffs", "DataFormats", "BundledData"]
        ),
        .testTarget(
            name: "OperationsTests",
            dependencies: [
                "Operations", "Store", "Audit", "ReleaseTokens", "Screening", "Determination", "Enforcement", "TariffExclusions",
                "DataFormats", "BundledData", "Tariffs", "Monitor",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: ["HTTPAPI", "Operations", "DataFormats"]
        ),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: [
                "Workbench", "Operations", "Store", "Screening", "BundledData", "Determination", "DataFormats", "TariffExclusions",
                "Tariffs", "Flows",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "MonitorTests",
            dependencies: ["Monitor", "BundledData", "DataFormats", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "AuditTests",
            dependencies: ["Audit"]
        ),
        .testTarget(
            name: "StoreTests",
            dependencies: ["Store", "Audit", "TariffExclusions", "DataFormats"]
        ),
        .testTarget(
            name: "TariffExclusionsTests",
            dependencies: ["TariffExclusions", "DataFormats"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "DeterminationTests",
            dependencies: ["Determination", "DataFormats", "BundledData"]
        ),
        .testTarget(
            name: "FlowsTests",
            dependencies: ["Flows", "DataFormats", "BundledData"]
        ),
        // End-to-end tests: run the built `clearance` (and `clearance-bench`) binary as a user would.
        .testTarget(
            name: "ClearanceCLITests",
            dependencies: [
                "clearance", "clearance-bench", "Store", "Monitor", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
