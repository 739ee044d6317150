// swift-tools-version:6.0
import Foundation
import PackageDescription

/// The versioned SQL files under `sql/` are compiled into the `Store` module (`Sources/Store/SQL` is a
/// link to `sql/`), so the binary carries its own migrations. SwiftPM caches this list: after adding a
/// file under `sql/`, touch this manifest.
let sqlFiles: [Resource] = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("sql")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".sql") }.sorted().map { .embedInCode("SQL/\($0)") }
}()

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
        .target(name: "TestSupport", dependencies: ["App", "Store", "Postgres", "LocalPostgres"]),

        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"]),
        .testTarget(name: "LocalPostgresTests", dependencies: ["LocalPostgres", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP"]),
        .testTarget(name: "SCIMTests", dependencies: ["SCIM"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport"]),
        .testTarget(name: "AppTests", dependencies: ["App", "TestSupport"]),
        .testTarget(name: "RosterCLITests", dependencies: ["RosterCLI", "TestSupport", "roster"]),
        .testTarget(name: "RosterBenchTests", dependencies: ["Bench", "TestSupport", "roster"]),
    ]
)
