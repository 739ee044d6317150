import Foundation
import LocalPostgres
import Postgres
import Store
import Synchronization

/// Databases for tests, on the process-wide `TestCluster`: a fresh empty database per test that needs
/// one to itself, or one shared migrated database for tests that only add their own organizations.
public enum TestDatabase {
    private static let sharedURL = Mutex<String?>(nil)

    /// Creates a new, empty database and returns its connection string.
    public static func create(prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))"
        let admin = try Connection(try TestCluster.shared.connectionString(database: "postgres"))
        defer { admin.close() }
        guard let identifier = SQLIdentifier(name) else { throw PostgresError(kind: .misuse, message: "bad name") }
        try admin.execute("CREATE DATABASE \(ident: identifier)")
        return try TestCluster.shared.connectionString(database: name)
    }

    /// Creates a new database with the control plane migrated, and returns its connection string.
    public static func createMigrated(prefix: String = "t") throws -> String {
        let url = try create(prefix: prefix)
        let connection = try Connection(url)
        defer { connection.close() }
        try Migrator(connection: connection).migrate()
        return url
    }

    /// One migrated database shared by the whole test process (create it once, then reuse).
    public static func shared() throws -> String {
        try sharedURL.withLock { url in
            if let url { return url }
            let created = try createMigrated(prefix: "shared")
            url = created
            return created
        }
    }

    /// A connection to the shared migrated database.
    public static func connectShared() throws -> Connection {
        try Connection(try shared())
    }

    /// A slug no other test uses: `prefix-<random>`.
    public static func uniqueSlug(_ prefix: String = "org") -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(8))"
    }
}
