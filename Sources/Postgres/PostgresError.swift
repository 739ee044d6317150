/// The one error type of the `Postgres` module.
///
/// `description` is generic and safe to show a client; `debugDescription` carries the server's message,
/// SQLSTATE, detail and constraint for logs.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, in kinds a caller can act on.
    public enum Kind: Sendable, Equatable {
        /// The connection could not be established.
        case connectionFailed
        /// The connection broke while (or before) a statement ran; the next use reconnects.
        case connectionLost
        /// The server refused the statement (see `sqlState`).
        case server
        /// A value in a result could not be read as the requested type.
        case decoding
        /// The client was used wrongly (a bug in the caller, never caused by data).
        case misuse
    }

    /// The kind of failure.
    public let kind: Kind
    /// The five-character SQLSTATE of a server error, e.g. `23505`.
    public let sqlState: String?
    /// The server's primary message, or the client-side message.
    public let message: String
    /// The server's DETAIL line, if any.
    public let detail: String?
    /// The violated constraint's name, for integrity errors.
    public let constraint: String?

    /// Creates an error.
    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    /// A unique constraint was violated (SQLSTATE 23505).
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// A serializable transaction could not be serialized (40001); retry the transaction.
    public var isSerializationFailure: Bool { sqlState == "40001" }
    /// The server detected a deadlock (40P01); retry the transaction.
    public var isDeadlock: Bool { sqlState == "40P01" }
    /// The transaction may succeed when run again (serialization failure or deadlock).
    public var isRetryable: Bool { isSerializationFailure || isDeadlock }
    /// The failure was about reaching the database, not about the statement.
    public var isConnectionError: Bool {
        switch kind {
        case .connectionFailed, .connectionLost: return true
        case .server:
            // Class 08 is "connection exception"; 57P01-57P03 are admin shutdown / crash / cannot connect now.
            guard let state = sqlState else { return false }
            return state.hasPrefix("08") || state == "57P01" || state == "57P02" || state == "57P03"
        case .decoding, .misuse: return false
        }
    }

    public var description: String {
        switch kind {
        case .connectionFailed, .connectionLost: return "database unavailable"
        case .server, .decoding, .misuse: return "database error"
        }
    }

    public var debugDescription: String {
        var text = "PostgresError.\(kind)"
        if let sqlState { text += " [\(sqlState)]" }
        text += ": \(message)"
        if let detail { text += " DETAIL: \(detail)" }
        if let constraint { text += " CONSTRAINT: \(constraint)" }
        return text
    }
}
