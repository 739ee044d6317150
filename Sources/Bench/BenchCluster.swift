import Foundation
import LocalPostgres
import Postgres

/// The bench's own PostgreSQL: a `LocalCluster` in a folder of its own with PostgreSQL's default durability
/// (synchronous commit on), 200 connections, 256 MB of shared buffers and `pg_stat_statements` preloaded
/// when the installation has it. Stopped (and its folder removed by the runner) at the end.
public final class BenchCluster: Sendable {
    /// The cluster.
    public let cluster: LocalCluster
    /// The connection string of its `roster` database.
    public let databaseURL: String
    /// Whether `pg_stat_statements` is preloaded.
    public let hasStatementStatistics: Bool

    /// Starts a cluster in `folder` (created with initdb) and creates the `roster` database.
    public init(folder: String, organizations: Int) throws {
        let binaries = try PostgresBinaries.locate()
        let library = ((binaries.directory as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("lib/pg_stat_statements.so")
        let hasLibrary = FileManager.default.fileExists(atPath: library)
        // Shared buffers as a production server would size them (a quarter of memory, here capped at
        // 2 GB): with 256 MB, 1,000 organizations × 1,000 users (1.5 GB of rows) read from the page cache
        // while 10 × 10,000 fit, and the comparison measured the data size, not the tenancy.
        let memoryMB = Int(ProcessInfo.processInfo.physicalMemory / 1_048_576)
        let buffersMB = min(2_048, max(128, memoryMB / 4))
        var settings = ["max_connections": "200", "shared_buffers": "\(buffersMB)MB"]
        if hasLibrary {
            settings["shared_preload_libraries"] = "pg_stat_statements"
            // Every organization has its own statement texts: keep room for all of them.
            settings["pg_stat_statements.max"] = String(max(5_000, organizations * 60))
        }
        var configuration = LocalClusterConfiguration(folder: folder, settings: settings, binaries: binaries)
        configuration.syncsInitdb = false
        cluster = LocalCluster(configuration: configuration)
        let server = try cluster.start()
        let admin = try Connection(server.connectionString(database: "postgres"), applicationName: "roster-bench")
        try admin.execute("CREATE DATABASE roster")
        admin.close()
        databaseURL = server.connectionString(database: "roster")
        hasStatementStatistics = hasLibrary
    }

    /// Stops the server at once (its data is thrown away).
    public func stop() {
        try? cluster.stop(mode: .immediate, force: true)
    }
}
