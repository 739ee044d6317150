import CLibPQ
import Glibc

/// One connection to PostgreSQL. Owns its `PGconn` and finishes it in `deinit`.
///
/// A connection is used by one thread at a time (each server worker owns one). After the server went
/// away, the statement that notices fails with a `.connectionLost` error and the next use reconnects.
public final class Connection {
    private var handle: OpaquePointer?
    /// The connection string given at creation (URL or `key=value` form). May hold a password: never log it.
    let connectionString: String
    private let applicationName: String
    /// Channels to LISTEN on again after a reconnect.
    var listeningChannels: Set<SQLIdentifier> = []
    /// Nesting depth of `withTransaction`, for savepoints.
    var transactionDepth = 0
    /// Actions to run once the open top-level transaction commits (see `afterCommit`).
    var commitActions: [() -> Void] = []
    /// Increases on every successful (re)connect; a change tells a listener it may have missed notifications.
    public private(set) var generation = 0
    /// Server-side prepared statements of this session, by SQL text (nil when disabled).
    var statements: StatementCache?
    /// The longest a statement may wait for the database's answer before the session is dropped (nil: no
    /// limit). Migrations (`executeScript`) are not limited.
    public var queryTimeout: Double? {
        didSet { if let handle, queryTimeout != nil { PQsetnonblocking(handle, 1) } }
    }

    /// Connects with a libpq connection string: a `postgres://` URL or `host=… dbname=…` keywords.
    ///
    /// With `preparedStatements` > 0, each distinct statement text is prepared once per session and then
    /// executed by name (parse and plan once), keeping at most that many; 0 sends every statement unnamed
    /// (for transaction-pooling proxies that cannot keep session state). `queryTimeout` (see
    /// ``queryTimeout``) also bounds connecting.
    public init(
        _ connectionString: String, applicationName: String = "roster", preparedStatements: Int = 0,
        queryTimeout: Double? = nil
    ) throws(PostgresError) {
        self.connectionString = connectionString
        self.applicationName = applicationName
        self.statements = preparedStatements > 0 ? StatementCache(capacity: preparedStatements) : nil
        self.queryTimeout = queryTimeout
        try connect()
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Whether the connection is currently usable as far as libpq knows.
    public var isConnected: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// The backend process id of the current session (0 when not connected).
    public var backendPID: Int {
        guard let handle else { return 0 }
        return Int(PQbackendPID(handle))
    }

    /// Closes the connection; the next use opens a new one.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
        transactionDepth = 0
    }

    /// Opens a fresh session, replacing any current one.
    public func reconnect() throws(PostgresError) {
        close()
        try connect()
    }

    private func connect() throws(PostgresError) {
        // Entries later in the arrays override earlier ones, so the caller's string (expanded from
        // "dbname") wins over these defaults.
        let keywords = ["fallback_application_name", "connect_timeout", "dbname"]
        // A frozen server accepts the TCP connection and never answers the startup packet: without a
        // deadline a worker would wait there forever. The statement deadline bounds connecting too
        // (libpq's minimum is 2 s); the connection string may still set its own.
        let timeout = queryTimeout.map { max(2, Int($0.rounded(.up))) } ?? 10
        let values = [applicationName, String(timeout), connectionString]
        let conn = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let conn else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.errorMessage(conn)
            PQfinish(conn)
            throw PostgresError(kind: .connectionFailed, message: message)
        }
        // Server notices (e.g. "schema already exists, skipping") are not errors; libpq would print them
        // to stderr, so drop them.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        handle = conn
        transactionDepth = 0
        generation += 1
        statements?.removeAll()
        if queryTimeout != nil { PQsetnonblocking(conn, 1) }
        for channel in listeningChannels {
            _ = try? execute(Query(unsafeSQL: "LISTEN \(channel.quoted)"))
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    public func query(_ query: Query) throws(PostgresError) -> PostgresResult {
        let conn = try usableHandle()
        if statements != nil { return try queryPrepared(query, on: conn) }
        let raw = try withOptionalCStringArray(query.binds) { (params) throws(PostgresError) -> OpaquePointer? in
            guard let timeout = queryTimeout else {
                return PQexecParams(conn, query.sql, Int32(query.binds.count), nil, params, nil, nil, 0)
            }
            return try awaitResult(on: conn, timeout: timeout) {
                PQsendQueryParams(conn, query.sql, Int32(query.binds.count), nil, params, nil, nil, 0)
            }
        }
        return try check(raw, on: conn)
    }

    /// Runs one statement and returns the number of rows it changed.
    @discardableResult
    public func execute(_ query: Query) throws(PostgresError) -> Int {
        try self.query(query).affectedRows
    }

    /// Runs a script of several statements without parameters (migrations). The text must carry no
    /// request or row data.
    public func executeScript(unsafeSQL script: String) throws(PostgresError) {
        let conn = try usableHandle()
        _ = try check(PQexec(conn, script), on: conn)
    }

    /// The handle, reconnecting first when the previous session broke.
    func usableHandle() throws(PostgresError) -> OpaquePointer {
        if let handle, PQstatus(handle) == CONNECTION_OK { return handle }
        if transactionDepth > 0 {
            // A transaction cannot survive a new session; make the caller start over.
            transactionDepth = 0
            try connect()
            throw PostgresError(kind: .connectionLost, message: "the connection broke inside a transaction")
        }
        close()
        try connect()
        // Safe: connect() sets the handle or throws.
        return handle!
    }

    /// Turns a `PGresult` into a `PostgresResult` or a typed error, taking ownership either way.
    func check(_ raw: OpaquePointer?, on conn: OpaquePointer) throws(PostgresError) -> PostgresResult {
        guard let raw else {
            throw PostgresError(kind: .connectionLost, message: Self.errorMessage(conn))
        }
        let result = PostgresResult(taking: raw)
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return result
        default:
            let field = { (code: Int32) -> String? in
                guard let value = PQresultErrorField(raw, code) else { return nil }
                return String(cString: value)
            }
            let sqlState = field(ROSTER_PG_DIAG_SQLSTATE)
            let message =
                field(ROSTER_PG_DIAG_MESSAGE_PRIMARY) ?? Self.errorMessage(conn)
            let lost = PQstatus(conn) != CONNECTION_OK
            throw PostgresError(
                kind: lost ? .connectionLost : .server, sqlState: sqlState, message: message,
                detail: field(ROSTER_PG_DIAG_MESSAGE_DETAIL), constraint: field(ROSTER_PG_DIAG_CONSTRAINT_NAME))
        }
    }

    static func errorMessage(_ conn: OpaquePointer) -> String {
        guard let text = PQerrorMessage(conn) else { return "unknown libpq error" }
        return String(cString: text).trimmingTrailingWhitespace()
    }

    /// The socket of the current session, for waiting on notifications.
    var socket: Int32? {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return nil }
        let fd = PQsocket(handle)
        return fd >= 0 ? fd : nil
    }

    var rawHandle: OpaquePointer? { handle }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var scalars = Substring(self)
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// Calls `body` with a NULL-free array of C strings that lives only for the call.
func withCStringArray<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) } + [nil])
}

/// Calls `body` with C strings where nil stays a NULL pointer (SQL NULL).
func withOptionalCStringArray<R, E: Error>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) throws(E) -> R)
    throws(E) -> R
{
    let copies = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return try body(copies.map { $0.map { UnsafePointer($0) } })
}
