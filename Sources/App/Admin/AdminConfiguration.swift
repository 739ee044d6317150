import HTTP
import Store

/// The admin listener's settings: a second HTTP listener for metrics, the admin API and the token page.
///
/// | variable | default | meaning |
/// |---|---|---|
/// | `ADMIN_PORT` | unset: no admin listener | its port (`roster serve --admin-port N` too; `0` picks a free one) |
/// | `ROSTER_ADMIN_HOST` | `127.0.0.1` | its address: loopback unless an operator decides otherwise |
/// | `ROSTER_ADMIN_TOKEN` | unset: metrics only | the admin token (at least 32 characters); kept only as derived keys |
public struct AdminConfiguration: Sendable {
    /// The listening address. Loopback by default: the listener can create organizations and tokens, so
    /// reaching it should take a deliberate step (an SSH tunnel, a sidecar, an explicit `0.0.0.0`).
    public var host = "127.0.0.1"
    /// The listening port (`0`: any free port).
    public var port: Int
    /// What the admin token unlocks; nil when `ROSTER_ADMIN_TOKEN` is unset (then only `/metrics` answers).
    public var credentials: AdminCredentials?
    /// Worker threads (each with its own database connection): administration is light traffic.
    public var workerCount = 2

    /// The shortest admin token accepted: 32 characters (e.g. `openssl rand -hex 16` or longer).
    public static let minimumTokenLength = 32

    /// A listener on `port` with `credentials` (nil: metrics only).
    public init(port: Int, credentials: AdminCredentials?) {
        self.port = port
        self.credentials = credentials
    }

    /// The HTTP settings of the admin listener: the main listener's limits, with its own address, a few
    /// workers, a short queue and small bodies.
    public func http(base: HTTPServerConfiguration) -> HTTPServerConfiguration {
        var http = base
        http.host = host
        http.port = port
        http.workerCount = workerCount
        http.queueDepth = 64
        http.maxConnections = min(base.maxConnections, 256)
        http.maxBodyBytes = 64 * 1024
        http.makeErrorResponse = HTTPServerConfiguration.plainTextError
        http.inlineResponder = nil
        return http
    }

    /// Reads `ADMIN_PORT`, `ROSTER_ADMIN_HOST` and `ROSTER_ADMIN_TOKEN`; nil when `ADMIN_PORT` is unset.
    ///
    /// A token shorter than ``minimumTokenLength`` is a configuration error (a weak secret guarding every
    /// organization must not start quietly); a missing token is not: the listener then serves `/metrics`
    /// only and every other route answers 403 saying how to turn it on.
    static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> AdminConfiguration? {
        guard let portText = environment["ADMIN_PORT"], !portText.isEmpty else { return nil }
        guard let port = Int(portText), (0...65535).contains(port) else {
            throw ConfigurationError(
                "ADMIN_PORT must be an integer between 0 and 65535, got \"\(portText.prefix(20))\"")
        }
        var credentials: AdminCredentials?
        if let token = environment["ROSTER_ADMIN_TOKEN"], !token.isEmpty {
            guard token.count >= minimumTokenLength else {
                throw ConfigurationError(
                    "ROSTER_ADMIN_TOKEN must be at least \(minimumTokenLength) characters long; use a long random secret"
                )
            }
            guard token.utf8.count <= 512, RosterResponder.bearerToken("Bearer " + token) == token else {
                throw ConfigurationError(
                    "ROSTER_ADMIN_TOKEN may hold only letters, digits and - . _ ~ + / = (at most 512), e.g. `openssl rand -hex 32`"
                )
            }
            credentials = AdminCredentials(token: token)
        }
        var configuration = AdminConfiguration(port: port, credentials: credentials)
        if let host = environment["ROSTER_ADMIN_HOST"], !host.isEmpty { configuration.host = host }
        return configuration
    }
}
