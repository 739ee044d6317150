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
    /// Drops cached tenants and tokens when the database says they changed.
    private let listener: ChangeListener
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
            connectionString: databaseURL,
            subscriptions: [
                .init(channel: SQLIdentifier("roster_directory")!) { directory.invalidateAll() },
                .init(channel: SQLIdentifier("roster_tokens")!) { verifier.invalidateAll() },
            ],
            log: { line in logger.error("change listener", detail: line) })
        let responder = RosterResponder(
            configuration: configuration, databaseURL: databaseURL, directory: directory, verifier: verifier,
            logger: logger)
        var http = configuration.http
        http.inlineResponder = { request in RosterResponder.liveness(request, logger: logger) }
        http.affinityKey = TenantAffinity.key
        let scim = HTTPServer(configuration: http, responder: responder)
        self.http = scim
        admin = configuration.admin.map { admin in
            HTTPServer(
                configuration: admin.http(base: configuration.http),
                responder: AdminResponder(
                    configuration: admin, databaseURL: databaseURL, queryTimeout: configuration.queryTimeout,
                    logger: logger, metrics: { AdminBasicMetrics.text(scim.stats) }))
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
    }

    /// The admin listener's bound port, or nil when there is none.
    public var adminPort: Int? { admin?.port }

    /// The bound port.
    public var port: Int { http.port }

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
    }

    /// Blocks until the server has stopped.
    public func waitUntilStopped() {
        http.waitUntilStopped()
        admin?.shutdown()
        listener.stop()
    }
}
