import Postgres

/// The `kind` label of database errors and retries.
enum MetricsDatabaseErrorKind: String, CaseIterable, Hashable {
    /// No session could be opened (server down, refused, authentication).
    case unavailable
    /// The session broke (server restart, network, administrator shutdown).
    case connectionLost = "connection_lost"
    /// A statement ran past `ROSTER_DB_QUERY_TIMEOUT` (the session was dropped) or was cancelled by the server.
    case timeout
    /// A deadlock (40P01).
    case deadlock
    /// A serialization failure (40001).
    case serializationFailure = "serialization_failure"
    /// Any other server or client error.
    case other

    /// The kind of `error`.
    init(_ error: PostgresError) {
        if error.isDeadlock {
            self = .deadlock
        } else if error.isSerializationFailure {
            self = .serializationFailure
        } else if error.sqlState == "57014" || Self.isDeadlineExceeded(error) {
            self = .timeout
        } else if error.kind == .connectionFailed {
            self = .unavailable
        } else if error.isConnectionError {
            self = .connectionLost
        } else {
            self = .other
        }
    }

    /// `Connection`'s statement deadline reports itself as a lost connection (the session is dropped); its
    /// message is the only mark that tells it apart. `MetricsDatabaseErrorTests` pins it against the real
    /// deadline.
    private static func isDeadlineExceeded(_ error: PostgresError) -> Bool {
        error.kind == .connectionLost && error.message.hasPrefix("the database did not answer within")
    }
}
