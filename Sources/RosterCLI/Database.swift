import Foundation
import LocalPostgres
import Postgres

/// The database a command works on: `DATABASE_URL`, or the local cluster in `./.roster/postgres`.
final class Database {
    let connection: Connection
    /// The local cluster, when this process started it (and so stops it at the end).
    private let startedCluster: LocalCluster?

    private init(connection: Connection, startedCluster: LocalCluster?) {
        self.connection = connection
        self.startedCluster = startedCluster
    }

    /// The folder of the local cluster used when `DATABASE_URL` is unset (env `ROSTER_LOCAL_POSTGRES` overrides).
    static func localFolder(_ environment: [String: String]) -> String {
        if let folder = environment["ROSTER_LOCAL_POSTGRES"], !folder.isEmpty { return folder }
        return FileManager.default.currentDirectoryPath + "/.roster/postgres"
    }

    /// The name of the database Roster uses inside the local cluster.
    static let localDatabaseName = "roster"

    /// Connects to `DATABASE_URL`, or starts (or reuses) the local cluster and connects to its `roster` database.
    static func open(environment: [String: String], console: Console) throws -> Database {
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            return Database(connection: try Connection(url), startedCluster: nil)
        }
        let (cluster, server) = try startLocal(environment: environment)
        let connection = try connectLocal(server)
        return Database(connection: connection, startedCluster: server.isStartedByThisProcess ? cluster : nil)
    }

    /// Starts (or reuses) the local cluster.
    static func startLocal(environment: [String: String]) throws -> (LocalCluster, LocalServer) {
        let cluster = LocalCluster(configuration: .serving(folder: localFolder(environment)))
        do {
            return (cluster, try cluster.start())
        } catch {
            throw DatabaseSetupError(message: "\(error.description) (or set DATABASE_URL)")
        }
    }

    /// Connects to the `roster` database of a local server, creating it on first use.
    static func connectLocal(_ server: LocalServer) throws -> Connection {
        let admin = try Connection(server.connectionString(database: "postgres"))
        let exists = try admin.query("SELECT 1 FROM pg_database WHERE datname = \(localDatabaseName)")
        if exists.count == 0 {
            do {
                try admin.execute(Query(unsafeSQL: "CREATE DATABASE \(localDatabaseName)"))
            } catch {
                // 42P04: another process created it first.
                guard error.sqlState == "42P04" else { throw error }
            }
        }
        admin.close()
        return try Connection(server.connectionString(database: localDatabaseName))
    }

    /// Closes the connection; a local cluster this process started is asked to stop once its last
    /// client has gone (smart mode), so a concurrent command keeps working.
    func close() {
        connection.close()
        if let startedCluster { try? startedCluster.stop(mode: .smart) }
    }
}

/// The database could not be set up (no PostgreSQL installed, cluster failed to start).
struct DatabaseSetupError: Error {
    let message: String
}
