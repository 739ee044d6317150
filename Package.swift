// swift-tools-version:6.0
import PackageDescription

/// The SQL files under `sql/` are compiled into the `Store` module (`Sources/Store/SQL` is a link to
/// `sql/`), so the binary carries its own migrations and dashboards. Listed by name, not scanned: SwiftPM
/// caches the manifest's result, so a scanned list went stale when a file was added. `MigrationTests`
/// checks this list against the folder.
let sqlFiles: [Resource] = [
    "control_001_init.sql",
    "control_002_ops.sql",
    "dashboards.sql",
    "tenant_001_init.sql",
    "tenant_002_request_errors.sql",
].map { .embedInCode("SQL/\($0)") }

let package = Package(
    name: "Roster",
    products: [
        .executable(name: "roster", targets: ["roster"])
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "Postgres", dependencies: ["CLibPQ"]),
        .target(name: "LocalPostgres"),
        .target(name: "HTTP"),
        .target(name: "SCIM"),
        .target(name: "Store", dependencies: ["Postgres", "SCIM"], exclude: [], resources: sqlFiles),
        .target(name: "App", dependencies: ["HTTP", "SCIM", "Store"]),
        .target(name: "RosterCLI", dependencies: ["App", "Store", "Postgres", "LocalPostgres"]),
        .executableTarget(name: "roster", dependencies: ["RosterCLI"]),
        .target(name: "Bench", dependencies: ["SCIM", "Store", "Postgres", "LocalPostgres"]),
        .executableTarget(name: "roster-bench", dependencies: ["Bench", "RosterCLI", "SCIM"]),
        .executableTarget(name: "roster-fuzz", dependencies: ["TestSupport", "Store", "Postgres"]),
        .target(name: "TestSupport", dependencies: ["App", "Store", "Postgres", "LocalPostgres"]),

        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "LocalPostgresTests", dependencies: ["LocalPostgres", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "AppTests", dependencies: ["App", "TestSupport"]),
        .testTarget(name: "RosterCLITests", dependencies: ["RosterCLI", "TestSupport", "roster"]),
        .testTarget(name: "ReliabilityTests", dependencies: ["TestSupport", "Store", "Postgres", "roster", "roster-fuzz"]),
        .testTarget(name: "RosterBenchTests", dependencies: ["Bench", "TestSupport", "roster"]),
    ]
)
