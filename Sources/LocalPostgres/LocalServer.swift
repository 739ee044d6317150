import Foundation

/// A running server of a `LocalCluster`: where to connect, and who started it.
public struct LocalServer: Sendable, Equatable {
    /// The TCP address it listens on.
    public let host: String
    /// Its TCP port (also part of the unix socket's name).
    public let port: Int
    /// The private folder that holds its unix socket, if it has one.
    public let socketDirectory: String?
    /// The database superuser.
    public let user: String
    /// Whether this `LocalCluster` started it; `false` when it was already running (started by
    /// another process, or by another `LocalCluster` of the same folder) and is reused.
    public let isStartedByThisProcess: Bool
    /// Whether this start created the cluster with `initdb`.
    public let didInitialize: Bool

    /// Describes a server.
    public init(
        host: String, port: Int, socketDirectory: String?, user: String, isStartedByThisProcess: Bool,
        didInitialize: Bool
    ) {
        self.host = host
        self.port = port
        self.socketDirectory = socketDirectory
        self.user = user
        self.isStartedByThisProcess = isStartedByThisProcess
        self.didInitialize = didInitialize
    }

    /// The libpq keyword connection string for `database`, over TCP
    /// (`host=127.0.0.1 port=N user=postgres dbname=X`) or, when `overSocket` and the server has a
    /// socket folder, through the unix socket (`host=/tmp/roster-pg-… port=N …`).
    public func connectionString(database: String, overSocket: Bool = false) -> String {
        let target = overSocket ? (socketDirectory ?? host) : host
        return ConnectionString(keywords: [
            ("host", target), ("port", String(port)), ("user", user), ("dbname", database),
        ]).text
    }
}
