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
    /// The admin listener (metrics, admin API, token page), when `ADMIN_PORT` is configured.
    public let admin: HTTPServer<AdminResponder>?
    /// What the server counts, for `GET /metrics` (see ``metricsText()``).
    public let metrics: RosterMetrics
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
        let metrics = RosterMetrics(maxOrganizations: configuration.metricsMaxOrganizations)
        self.directory = directory
        self.metrics = metrics
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
            logger: logger, metrics: metrics)
        var http = configuration.http
        http.inlineResponder = { request in
            let response = RosterResponder.liveness(request, logger: logger)
            if let response { metrics.recordInline(request, status: response.status) }
            return response
        }
        http.affinityKey = TenantAffinity.key
        let scim = HTTPServer(configuration: http, responder: responder)
        self.http = scim
        admin = configuration.admin.map { admin in
            HTTPServer(
                configuration: admin.http(base: configuration.http),
                responder: AdminResponder(
                    configuration: admin, databaseURL: databaseURL, queryTimeout: configuration.queryTimeout,
                    logger: logger,
                    metrics: { metrics.render(http: scim.stats, limits: scim.configuration) }))
        }
    }

    /// Starts listening for directory changes, then binds and starts serving.
    public func start() throws(HTTPError) {
        listener.start()
        try http.start()
        do {
            try admin?.start()
        } catch {
            shutdown()
            throw HTTPError(error.code, "admin listener: \(error.detail)", errno: error.errno, function: error.function)
        }
        statistics.start()
    }

    /// The admin listener's bound port, or nil when there is none.
    public var adminPort: Int? { admin?.port }

    /// The bound port.
    public var port: Int { http.port }

    /// The Prometheus text (format 0.0.4, `Content-Type` ``metricsContentType``) of every metric, for
    /// `GET /metrics`.
    public func metricsText() -> String {
        metrics.render(http: http.stats, limits: http.configuration)
    }

    /// The `Content-Type` of ``metricsText()``.
    public static let metricsContentType = MetricsText.contentType

    /// Makes SIGTERM and SIGINT begin a graceful shutdown.
    public func installSignalHandlers() {
        http.installSignalHandlers()
    }

    /// Stops accepting, lets in-flight requests finish (within the configured deadline), then stops.
    public func shutdown() {
        admin?.beginShutdown()
        http.shutdown()
        admin?.waitUntilStopped()
        listener.stop()
        statistics.stop()
    }

    /// Blocks until the server has stopped.
    public func waitUntilStopped() {
        http.waitUntilStopped()
        admin?.shutdown()
        listener.stop()
        statistics.stop()
    }
}
