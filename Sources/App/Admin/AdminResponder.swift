import Foundation
import HTTP
import Postgres
import SCIM
import Store

/// The admin listener's application: `GET /metrics` (no token), the JSON admin API under `/admin/v1`
/// (bearer admin token) and the token page under `/admin` (browser session or bearer token).
///
/// Runs on its own small `HTTPServer` (two workers by default), each worker with its own database
/// connection; every operation goes through `Store.Administration`, the implementation the CLI uses.
public struct AdminResponder: HTTPResponder {
    /// The JSON API's base path.
    public static let apiPath = "/admin/v1"

    let credentials: AdminCredentials?
    let databaseURL: String
    let logger: Logger
    let metrics: @Sendable () -> String
    let queryTimeout: Double

    /// An admin application for `databaseURL`; `metrics` renders the Prometheus text of `GET /metrics`.
    public init(
        configuration: AdminConfiguration, databaseURL: String, queryTimeout: Double = 10, logger: Logger,
        metrics: @escaping @Sendable () -> String
    ) {
        self.credentials = configuration.credentials
        self.databaseURL = databaseURL
        self.queryTimeout = queryTimeout
        self.logger = logger
        self.metrics = metrics
    }

    /// One worker's database connection, opened on first use and dropped after a connection failure.
    public final class WorkerState {
        let databaseURL: String
        let queryTimeout: Double
        private var connection: Connection?

        init(databaseURL: String, queryTimeout: Double) {
            self.databaseURL = databaseURL
            self.queryTimeout = queryTimeout
        }

        /// The administrative operations on this worker's connection.
        func administration() throws(PostgresError) -> Administration {
            if let connection { return Administration(connection: connection) }
            // Unnamed statements only: administration is rare, a prepared-statement cache would only grow.
            let fresh = try Connection(databaseURL, applicationName: "roster-admin", preparedStatements: 0)
            fresh.queryTimeout = queryTimeout
            connection = fresh
            return Administration(connection: fresh)
        }

        /// Forgets a connection that failed, so the next request opens a new one.
        func reset() {
            connection?.close()
            connection = nil
        }
    }

    public func makeWorkerState(workerIndex: Int) -> WorkerState {
        WorkerState(databaseURL: databaseURL, queryTimeout: queryTimeout)
    }

    public func respond(to request: HTTPRequest, state: WorkerState) -> HTTPResponse {
        let requestID = RequestContext(request: request).requestID
        var response: HTTPResponse
        do {
            response = try route(request, state: state)
        } catch {
            let failure = AdminError.from(error) { message, detail in
                logger.error(message, detail: detail, requestID: requestID)
            }
            if failure.status == 503 { state.reset() }
            response = TokenPage.isPagePath(request.path) ? TokenPage.errorPage(failure) : failure.response
        }
        response.headers.set("X-Request-Id", requestID)
        let elapsed = ContinuousClock.now - request.receivedAt
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.log([
            ("listener", "admin"), ("request.id", .string(requestID)), ("method", .string(request.method.rawValue)),
            ("path", .string(String(request.path.prefix(200)))), ("status", .number(JSONNumber(response.status))),
            ("duration_ms", .number(JSONNumber((milliseconds * 1000).rounded() / 1000) ?? JSONNumber(0))),
        ])
        return response
    }

    private func route(_ request: HTTPRequest, state: WorkerState) throws -> HTTPResponse {
        if request.path == "/metrics" {
            try Self.allow(request, [.get, .head])
            var headers = HTTPHeaders()
            headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            headers.add("Cache-Control", "no-store")
            return HTTPResponse(status: 200, headers: headers, body: metrics())
        }
        if request.path == Self.apiPath || request.path.hasPrefix(Self.apiPath + "/") {
            guard let credentials else { throw AdminError.disabled }
            guard Self.hasAdminBearer(request, credentials) else { throw AdminError.unauthorized }
            let segments = request.path.dropFirst(Self.apiPath.count).split(separator: "/").map(String.init)
            return try AdminAPI(request: request, admin: try state.administration()).handle(segments)
        }
        if TokenPage.isPagePath(request.path) {
            return try TokenPage(request: request, credentials: credentials, state: state).handle()
        }
        throw AdminError.notFound
    }

    /// Whether the request carries exactly one `Authorization: Bearer <admin token>`.
    static func hasAdminBearer(_ request: HTTPRequest, _ credentials: AdminCredentials) -> Bool {
        let values = request.headers.values("Authorization")
        guard values.count == 1, let token = RosterResponder.bearerToken(values[0]) else { return false }
        return credentials.accepts(token: token)
    }

    /// Throws 405 unless the request's method is one of `methods`.
    static func allow(_ request: HTTPRequest, _ methods: [HTTPMethod]) throws(AdminError) {
        guard methods.contains(request.method) else { throw AdminError.methodNotAllowed(methods) }
    }
}
