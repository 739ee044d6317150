import Postgres

/// Hears what the store did, for metrics: provisioning writes that committed, and transactions retried after a
/// deadlock or serialization failure. Called on the thread that made the write, after the commit; it must be
/// cheap and must not throw or touch the connection.
public protocol StoreObserver: Sendable {
    /// A `provisioning_log` row (`resourceType` `User` or `Group`, `operation` as logged) is in the database.
    func committed(resourceType: String, operation: String)
    /// A transaction failed with `error` (a deadlock or serialization failure) and runs again.
    func retried(after error: PostgresError)
}
