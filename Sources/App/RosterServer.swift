import HTTP
import Postgres
import Store

/// A running Roster: the HTTP server, its responder, and the tenant directory's change listener.
///
/// Startup and shutdown are one explicit sequence: `start()` (listener, then sockets and workers),
/// `installSignalHandlers()` (SIGTERM/SIGINT begin a graceful shutdown), `waitUntilStopped()`.
public final class RosterServer: Sendable {
    /// The HTTP server.
    public let http: HTTPServer<RosterResponder>
    /// The tenant cache shared by all workers.
    public let directory: TenantDirectory
    /// Drops cached tenants and tokens when the database says they changed (on `DATABASE_DIRECT_URL` when set).
    public let listener: ChangeListener
    /// Fills the tables behind the operations dashboards (`sql/dashboards.sql`).
    private let statistics: StatsCollector
    private let databaseURL: String
    private let logger: Logger

    /// A server for the organizations in `databaseURL` (which must already be migrated).
    public init(configuration: AppConfiguration, databaseURL: String, logger: Logger = .standardOutput) {
        let directory = TenantDirectory()
        let verifier = TokenVerifier()
        self.directory = directory
        self.databaseURL = databaseURL
        self.logger = logger
        // Safe: literal valid identifiers.
        listener = ChangeListener(
            connectionString: configuration.directDatabaseURL ?? databaseURL,
            subscriptions: [
                .init(channel: SQLIdentifier("roster_directory")!) { directory.invalidateAll() },
                .init(channel: SQLIdentifier("roster_tokens")!) { verifier.invalidateAll() },
            ],
            log: { line in logger.error("change listener", detail: line) })
        statistics = StatsCollector(
            connectionString: databaseURL, log: { line in logger.error("dashboard statistics", detail: line) })
        let responder = RosterResponder(
            configuration: configuration, databaseURL: databaseURL, directory: directory, verifier: verifier,
            logger: logger)
        var http = configuration.http
        http.inlineResponder = { request in RosterResponder.liveness(request, logger: logger) }
        self.http = HTTPServer(configuration: http, responder: responder)
    }

    /// Starts listening for directory changes, then binds and starts serving.
    public func start() throws(HTTPError) {
        listener.start()
        try http.start()
        statistics.start()
    }

    /// The bound port.
    public var port: Int { http.port }

    /// Makes SIGTERM and SIGINT begin a graceful shutdown.
    public func installSignalHandlers() {
        http.installSignalHandlers()
    }

    /// Stops accepting, lets in-flight requests finish (within the configured deadline), then stops.
    public func shutdown() {
        http.shutdown()
        listener.stop()
        statistics.stop()
    }

    /// Blocks until the server has stopped.
    public func waitUntilStopped() {
        http.waitUntilStopped()
        listener.stop()
        statistics.stop()
    }
}
