import Foundation
import HTTP
import Postgres
import SCIM
import Store

/// The application: answers every request on a worker thread, with that worker's own database connection.
///
/// Order of checks under `/api/scim/v2`: tenant from the Host header (404 when unknown, before any tenant
/// schema is touched) → bearer token in that tenant's schema (401) → Enterprise plan (403) → `scim`
/// scope (403) → handler. Every error leaves through `ErrorMapping`, the one place that turns errors
/// into SCIM error responses.
public struct RosterResponder: HTTPResponder {
    /// The SCIM base path.
    public static let basePath = "/api/scim/v2"

    let configuration: AppConfiguration
    let databaseURL: String
    let directory: TenantDirectory
    let verifier: TokenVerifier
    let logger: Logger
    let rateLimiter: RateLimiter
    let metrics: RosterMetrics

    /// An application serving `databaseURL`'s organizations, recording into `metrics`.
    public init(
        configuration: AppConfiguration, databaseURL: String, directory: TenantDirectory, verifier: TokenVerifier,
        logger: Logger, metrics: RosterMetrics = RosterMetrics()
    ) {
        self.configuration = configuration
        self.metrics = metrics
        self.databaseURL = databaseURL
        self.directory = directory
        self.verifier = verifier
        self.rateLimiter = RateLimiter(defaultRate: configuration.rateLimit)
        self.logger = logger
    }

    /// One worker's database connection (opened on first use, reconnected after a failure) and its
    /// lock-free caches of tenants and verified tokens.
    public final class WorkerState {
        let databaseURL: String
        private var connection: Connection?
        var tenants = TenantDirectory.Cache()
        var tokens = TokenVerifier.Cache()
        var discovery: DiscoveryCache
        var rateCells: [Int64: RateLimiter.Cell] = [:]
        let metrics: MetricsRecorder

        let preparedStatements: Int
        let queryTimeout: Double

        init(databaseURL: String, configuration: AppConfiguration, metrics: MetricsRecorder) {
            self.databaseURL = databaseURL
            self.metrics = metrics
            self.preparedStatements = configuration.preparedStatements
            self.queryTimeout = configuration.queryTimeout
            self.discovery = DiscoveryCache(
                maxResults: configuration.maxResults, bulkMaxOperations: configuration.bulkMaxOperations,
                bulkMaxPayloadSize: configuration.effectiveBulkMaxPayloadSize)
        }

        /// The worker's connection.
        func database() throws(PostgresError) -> Connection {
            if let connection { return connection }
            let fresh = try Connection(
                databaseURL, applicationName: "roster", preparedStatements: preparedStatements,
                queryTimeout: queryTimeout)
            connection = fresh
            return fresh
        }
    }

    public func makeWorkerState(workerIndex: Int) -> WorkerState {
        WorkerState(databaseURL: databaseURL, configuration: configuration, metrics: metrics.makeRecorder())
    }

    public func respond(to request: HTTPRequest, state: WorkerState) -> HTTPResponse {
        var context = RequestContext(request: request)
        context.metrics = state.metrics
        var response: HTTPResponse
        do {
            response = try route(request, state: state, context: &context)
        } catch {
            response = ErrorMapping.response(for: error, context: context, logger: logger)
            recordFailure(request, response: response, context: context, state: state)
        }
        response.headers.set("X-Request-Id", context.requestID)
        state.metrics.recordRequest(
            request, status: response.status, tenant: context.tenant, duration: ContinuousClock.now - request.receivedAt
        )
        Self.logAccess(request, response: response, context: context, logger: logger)
        return response
    }

    private func route(_ request: HTTPRequest, state: WorkerState, context: inout RequestContext) throws
        -> HTTPResponse
    {
        switch request.path {
        case "/healthz":
            try Self.allow(request, [.get, .head])
            return SCIMResponses.json(["status": "ok"]).withContentType("application/json")
        case "/readyz":
            try Self.allow(request, [.get, .head])
            return try readiness(state)
        case "/api/session":
            return try session(request, state: state, context: &context)
        default:
            break
        }
        guard let rest = Self.scimSubpath(request.path) else {
            throw SCIMError(status: 404, scimType: nil, detail: "no resource at this path")
        }
        let tenant = try resolveTenant(request, state: state, context: &context)
        let principal = try authenticate(request, tenant: tenant, state: state)
        context.principal = principal
        guard tenant.plan == .enterprise else {
            throw SCIMError(
                status: 403, scimType: nil,
                detail:
                    "SCIM provisioning requires the Enterprise plan; this organization is on the \(tenant.plan.rawValue) plan"
            )
        }
        guard principal.allows(.scim) else {
            throw SCIMError(status: 403, scimType: nil, detail: "this token does not have the scim scope")
        }
        try admit(tenant, state: state)
        return try routeSCIM(
            rest, request: request, context: context, principal: principal, tenant: tenant, state: state)
    }

    private func routeSCIM(
        _ rest: [Substring], request: HTTPRequest, context: RequestContext, principal: Principal, tenant: Tenant,
        state: WorkerState
    ) throws -> HTTPResponse {
        let base = context.baseURL
        switch (rest.first.map(String.init), rest.count) {
        case ("Users", _):
            return try UsersHandler(
                request: request, context: context, principal: principal, tenant: tenant,
                connection: try state.database(), maxResults: configuration.maxResults
            ).handle(rest.dropFirst())
        case ("Groups", _):
            return try GroupsHandler(
                request: request, context: context, principal: principal, tenant: tenant,
                connection: try state.database(), maxResults: configuration.maxResults
            ).handle(rest.dropFirst())
        case (".search", 1):
            let connection = try state.database()
            return try RootSearch(
                users: UsersHandler(
                    request: request, context: context, principal: principal, tenant: tenant, connection: connection,
                    maxResults: configuration.maxResults),
                groups: GroupsHandler(
                    request: request, context: context, principal: principal, tenant: tenant, connection: connection,
                    maxResults: configuration.maxResults),
                maxResults: configuration.maxResults
            ).handle(request)
        case ("Bulk", 1):
            return try bulk(request, context: context, principal: principal, tenant: tenant, state: state)
        case ("ServiceProviderConfig", 1):
            try Self.allow(request, [.get, .head])
            return SCIMResponses.bytes(state.discovery.documents(base).serviceProviderConfig)
        case ("ResourceTypes", 1):
            try Self.allow(request, [.get, .head])
            return SCIMResponses.bytes(state.discovery.documents(base).resourceTypes)
        case ("ResourceTypes", 2):
            try Self.allow(request, [.get, .head])
            guard let type = Discovery.resourceType(id: String(rest[1]), baseURL: base) else {
                throw SCIMError(status: 404, scimType: nil, detail: "no resource type with this id")
            }
            return SCIMResponses.json(type)
        case ("Schemas", 1):
            try Self.allow(request, [.get, .head])
            return SCIMResponses.bytes(state.discovery.documents(base).schemas)
        case ("Schemas", 2):
            try Self.allow(request, [.get, .head])
            guard let schema = Discovery.schema(id: String(rest[1]), baseURL: base) else {
                throw SCIMError(status: 404, scimType: nil, detail: "no schema with this id")
            }
            return SCIMResponses.json(schema)
        case ("Me", _):
            throw SCIMError(
                status: 501, scimType: nil, detail: "/Me is not supported: tokens belong to an organization, not a user"
            )
        default:
            throw SCIMError(status: 404, scimType: nil, detail: "no resource at this path")
        }
    }

    /// Applies the organization's rate limit: 429 with `Retry-After` (whole seconds) when it is spent.
    private func admit(_ tenant: Tenant, state: WorkerState) throws {
        let rate = tenant.rateLimit ?? rateLimiter.defaultRate
        guard rate > 0 else { return }
        let cell: RateLimiter.Cell
        if let cached = state.rateCells[tenant.organizationID] {
            cell = cached
        } else {
            cell = rateLimiter.cell(for: tenant.organizationID)
            if state.rateCells.count > 100_000 { state.rateCells.removeAll() }
            state.rateCells[tenant.organizationID] = cell
        }
        if let wait = cell.admit(now: RateLimiter.now(), rate: rate, burst: rate * 2) {
            state.metrics.recordRateLimited(tenant)
            throw RateLimited(retryAfterSeconds: Int((wait + 999_999_999) / 1_000_000_000))
        }
    }

    /// The path segments after `/api/scim/v2`, or nil when the path is not under it.
    static func scimSubpath(_ path: String) -> [Substring]? {
        guard path.hasPrefix(basePath) else { return nil }
        let rest = path.dropFirst(basePath.count)
        guard rest.isEmpty || rest.hasPrefix("/") else { return nil }
        return rest.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// Throws 405 (with the allowed methods) unless the request's method is one of `methods`.
    static func allow(_ request: HTTPRequest, _ methods: [HTTPMethod]) throws {
        guard !methods.contains(request.method) else { return }
        throw MethodNotAllowed(allowed: methods)
    }

    private func readiness(_ state: WorkerState) throws -> HTTPResponse {
        do {
            let current = try Migrator(connection: state.database()).isCurrent()
            guard current else {
                return SCIMResponses.json(["status": "migrations pending"], status: 503)
                    .withContentType("application/json")
            }
            return SCIMResponses.json(["status": "ready"]).withContentType("application/json")
        } catch {
            state.metrics.recordDatabaseError(in: error)
            logger.error("readiness check failed", detail: String(reflecting: error))
            return SCIMResponses.json(["status": "database unavailable"], status: 503)
                .withContentType("application/json")
        }
    }

    /// `GET /healthz` answered on the event loop (see `HTTPServerConfiguration.inlineResponder`), so the
    /// process reports itself alive even while every worker waits for the database.
    static func liveness(_ request: HTTPRequest, logger: Logger) -> HTTPResponse? {
        guard request.path == "/healthz", request.method == .get || request.method == .head else { return nil }
        let context = RequestContext(request: request)
        var response = SCIMResponses.json(["status": "ok"]).withContentType("application/json")
        response.headers.set("X-Request-Id", context.requestID)
        logAccess(request, response: response, context: context, logger: logger)
        return response
    }

    static func logAccess(_ request: HTTPRequest, response: HTTPResponse, context: RequestContext, logger: Logger) {
        let elapsed = ContinuousClock.now - request.receivedAt
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        logger.access(
            requestID: context.requestID, tenant: context.tenant?.slug, method: request.method.rawValue,
            path: request.path, status: response.status, durationMicros: micros, bytes: response.body.count)
    }
}

/// The organization's rate limit is spent (429 with `Retry-After`).
struct RateLimited: Error {
    let retryAfterSeconds: Int
}

/// A request's method is not allowed on its path (405 with `Allow`).
struct MethodNotAllowed: Error {
    let allowed: [HTTPMethod]
}

extension HTTPResponse {
    func withContentType(_ type: String) -> HTTPResponse {
        var copy = self
        copy.headers.set("Content-Type", type)
        return copy
    }
}
