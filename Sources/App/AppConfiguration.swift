import HTTP
import SCIM
import Store

/// Everything `roster serve` is configured with, read once from the environment at start.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `PORT` | 8080 | listening port (`ROSTER_HTTP_PORT` and `--port` also set it) |
/// | `ROSTER_HTTP_*` | see `HTTPServerConfiguration` | server limits: workers, queue, header/body sizes, timeouts, connections |
/// | `SCIM_AUTH_TOKEN` | unset | legacy shared secret (≥ 10 characters) for one organization |
/// | `SCIM_AUTH_TOKEN_ORG` | unset | the slug of the organization `SCIM_AUTH_TOKEN` authorizes (required with it) |
/// | `ROSTER_SCIM_MAX_RESULTS` | 200 | the largest page a list returns (`filter.maxResults`) |
/// | `ROSTER_SCIM_BULK_MAX_OPERATIONS` | 1000 | most operations in one `/Bulk` request (`bulk.maxOperations`) |
/// | `ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE` | the HTTP body limit | largest `/Bulk` body in bytes (`bulk.maxPayloadSize`) |
/// | `ROSTER_PUBLIC_SCHEME` | `https` | scheme of the URLs in `meta.location` and `Location` (`http` or `https`) |
/// | `ROSTER_DB_QUERY_TIMEOUT` | 10 | seconds a statement may wait for the database; then 503 and a new session |
/// | `ROSTER_RATE_LIMIT` | 50 | SCIM requests per second per organization (bursts of twice that); 0 turns it off |
/// | `ROSTER_DB_PREPARED_STATEMENTS` | 256 (0 with `DATABASE_DIRECT_URL`) | prepared statements kept per worker connection; 0 turns them off |
/// | `DATABASE_DIRECT_URL` | unset | a direct PostgreSQL connection for `LISTEN` and migrations when `DATABASE_URL` is a transaction-pooling proxy |
/// | `ADMIN_PORT`, `ROSTER_ADMIN_HOST`, `ROSTER_ADMIN_TOKEN` | unset | the admin listener: see `AdminConfiguration` |
/// | `ROSTER_METRICS_MAX_ORGS` | 1000 | organizations labelled by slug in the metrics; later ones are `_other` |
public struct AppConfiguration: Sendable {
    /// HTTP server settings.
    public var http: HTTPServerConfiguration
    /// The legacy `SCIM_AUTH_TOKEN` and the organization slug it is for.
    public var legacyToken: LegacyToken?
    /// Options advertised in ServiceProviderConfig and enforced by the handlers.
    public var maxResults: Int
    /// Most operations one `/Bulk` request may hold (RFC 7644 §3.7.4); more → 413.
    public var bulkMaxOperations: Int
    /// The largest `/Bulk` body in bytes, or `nil` for the HTTP body limit. Never above that limit in effect.
    public var bulkMaxPayloadSize: Int?
    /// The scheme of the URLs Roster writes (`meta.location`, `Location`): `https` behind a TLS proxy.
    public var publicScheme: String
    /// SCIM requests per second per organization without a limit of its own (0: no rate limiting).
    public var rateLimit = 50
    /// Seconds a statement may wait for the database before its session is dropped and the request gets 503.
    public var queryTimeout = 10.0

    /// Prepared statements kept per worker connection (0: send every statement unnamed, for PgBouncer in
    /// transaction pooling mode).
    public var preparedStatements = 256

    /// The admin listener (metrics, admin API, token page): nil unless `ADMIN_PORT` is set.
    public var admin: AdminConfiguration?

    /// Organizations that get an `org` label of their own in the metrics; the rest share `_other`.
    public var metricsMaxOrganizations = RosterMetrics.defaultMaxOrganizations

    /// A direct connection string (not through a pooler) for the change listener's `LISTEN` and for migrations;
    /// nil: `DATABASE_URL` is used for everything.
    public var directDatabaseURL: String?

    /// The legacy shared secret and the one organization it authorizes.
    public struct LegacyToken: Sendable {
        /// The secret's SHA-256 (the secret itself is not kept).
        public let hash: [UInt8]
        /// The organization slug.
        public let organization: String
    }

    /// The smallest accepted `SCIM_AUTH_TOKEN` length.
    public static let legacyTokenMinimumLength = 10

    /// The default of ``bulkMaxOperations``.
    public static let defaultBulkMaxOperations = 1_000

    /// The `/Bulk` payload limit enforced and advertised: ``bulkMaxPayloadSize`` capped at the HTTP body
    /// limit (a larger body is refused with 413 by the HTTP layer before any handler sees it).
    public var effectiveBulkMaxPayloadSize: Int {
        min(bulkMaxPayloadSize ?? http.maxBodyBytes, http.maxBodyBytes)
    }

    /// Configuration with every default.
    public init(
        http: HTTPServerConfiguration = HTTPServerConfiguration(), legacyToken: LegacyToken? = nil,
        maxResults: Int = 200, bulkMaxOperations: Int = defaultBulkMaxOperations, bulkMaxPayloadSize: Int? = nil,
        publicScheme: String = "https"
    ) {
        self.http = http
        self.legacyToken = legacyToken
        self.maxResults = maxResults
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
        self.publicScheme = publicScheme
    }

    /// Reads the table above; throws `ConfigurationError` naming the variable on a bad value.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> AppConfiguration {
        var base = HTTPServerConfiguration()
        if let port = environment["PORT"], !port.isEmpty {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw ConfigurationError("PORT must be an integer between 0 and 65535, got \"\(port.prefix(20))\"")
            }
            base.port = value
        }
        var configuration = AppConfiguration()
        do {
            configuration.http = try HTTPServerConfiguration.fromEnvironment(environment, base: base)
        } catch {
            throw ConfigurationError(error.description)
        }
        configuration.http.makeErrorResponse = { status, reason in
            SCIMResponses.error(SCIMError(status: status, scimType: nil, detail: reason))
        }
        if let secret = environment["SCIM_AUTH_TOKEN"], !secret.isEmpty {
            guard secret.count >= legacyTokenMinimumLength else {
                throw ConfigurationError(
                    "SCIM_AUTH_TOKEN must be at least \(legacyTokenMinimumLength) characters long; use a long random secret"
                )
            }
            guard let org = environment["SCIM_AUTH_TOKEN_ORG"], !org.isEmpty else {
                throw ConfigurationError(
                    "SCIM_AUTH_TOKEN needs SCIM_AUTH_TOKEN_ORG: the slug of the one organization it authorizes")
            }
            configuration.legacyToken = LegacyToken(hash: SHA256.hash(secret), organization: org)
        }
        let integer = { (name: String, range: ClosedRange<Int>) throws(ConfigurationError) -> Int? in
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw ConfigurationError(
                    "\(name) must be an integer between \(range.lowerBound) and \(range.upperBound), got \"\(text.prefix(20))\""
                )
            }
            return value
        }
        if let value = try integer("ROSTER_SCIM_MAX_RESULTS", 1...10_000) { configuration.maxResults = value }
        if let value = try integer("ROSTER_RATE_LIMIT", 0...100_000) { configuration.rateLimit = value }
        if let direct = environment["DATABASE_DIRECT_URL"], !direct.isEmpty {
            configuration.directDatabaseURL = direct
            // A direct URL means DATABASE_URL is a pooler: session-level prepared statements would land on
            // other clients' server connections, so they are off unless asked for.
            configuration.preparedStatements = 0
        }
        if let value = try integer("ROSTER_DB_PREPARED_STATEMENTS", 0...100_000) {
            configuration.preparedStatements = value
        }
        if let value = try integer("ROSTER_METRICS_MAX_ORGS", 0...1_000_000) {
            configuration.metricsMaxOrganizations = value
        }
        if let value = try integer("ROSTER_SCIM_BULK_MAX_OPERATIONS", 1...100_000) {
            configuration.bulkMaxOperations = value
        }
        if let value = try integer("ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE", 1...(1 << 34)) {
            configuration.bulkMaxPayloadSize = value
        }
        if let text = environment["ROSTER_DB_QUERY_TIMEOUT"], !text.isEmpty {
            guard let value = Double(text), value >= 0.1, value <= 3600 else {
                throw ConfigurationError("ROSTER_DB_QUERY_TIMEOUT must be a number of seconds between 0.1 and 3600")
            }
            configuration.queryTimeout = value
        }
        configuration.admin = try AdminConfiguration.fromEnvironment(environment)
        if let scheme = environment["ROSTER_PUBLIC_SCHEME"], !scheme.isEmpty {
            guard scheme == "http" || scheme == "https" else {
                throw ConfigurationError("ROSTER_PUBLIC_SCHEME must be http or https")
            }
            configuration.publicScheme = scheme
        }
        return configuration
    }
}

/// A configuration value is missing or wrong; `roster serve` prints it and exits non-zero.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One line naming the variable and what is accepted.
    public let description: String
    init(_ description: String) { self.description = description }
}
