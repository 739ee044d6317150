import HTTP
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
    private let databaseURL: String
    private let logger: Logger

    /// A server for the organizations in `databaseURL` (which must already be migrated).
    public init(configuration: AppConfiguration, databaseURL: String, logger: Logger = .standardOutput) {
        self.directory = TenantDirectory()
        self.databaseURL = databaseURL
        self.logger = logger
        let responder = RosterResponder(
            configuration: configuration, databaseURL: databaseURL, directory: directory, logger: logger)
        self.http = HTTPServer(configuration: configuration.http, responder: responder)
    }

    /// Starts listening for directory changes, then binds and starts serving.
    public func start() throws(HTTPError) {
        let logger = self.logger
        directory.listen(connectionString: databaseURL) { line in
            logger.error("tenant directory listener", detail: line)
        }
        try http.start()
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
        directory.stopListening()
    }

    /// Blocks until the server has stopped.
    public func waitUntilStopped() {
        http.waitUntilStopped()
        directory.stopListening()
    }
}
