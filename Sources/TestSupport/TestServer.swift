import App
import Foundation
import HTTP
import Postgres
import Store
import Synchronization

/// A Roster server on 127.0.0.1 port 0 against a test database, with a helper to make organizations
/// and tokens. Stop it with `stop()`.
public final class TestServer: @unchecked Sendable {
    /// The running server.
    public let server: RosterServer
    /// Its database.
    public let databaseURL: String
    /// Log lines the server wrote (access log and errors).
    public let logLines = LogCapture()
    /// A connection for the test's own setup and checks.
    public let connection: Connection

    /// Starts a server; `environment` configures it as `roster serve` would be.
    public init(databaseURL: String? = nil, environment: [String: String] = [:]) throws {
        let url = try databaseURL ?? TestDatabase.shared()
        self.databaseURL = url
        connection = try Connection(url)
        var env = environment
        env["ROSTER_HTTP_PORT"] = env["ROSTER_HTTP_PORT"] ?? "0"
        env["ROSTER_HTTP_HOST"] = env["ROSTER_HTTP_HOST"] ?? "127.0.0.1"
        env["ROSTER_HTTP_WORKERS"] = env["ROSTER_HTTP_WORKERS"] ?? "4"
        // Tests make bursts of requests to one organization; the rate-limit tests turn it on themselves.
        env["ROSTER_RATE_LIMIT"] = env["ROSTER_RATE_LIMIT"] ?? "0"
        let configuration = try AppConfiguration.fromEnvironment(env)
        let lines = logLines
        server = RosterServer(
            configuration: configuration, databaseURL: url,
            logger: Logger { bytes in lines.append(String(decoding: bytes, as: UTF8.self)) })
        try server.start()
    }

    /// The bound port.
    public var port: Int { server.port }

    /// A new keep-alive client.
    public func client() throws -> TestHTTPClient { try TestHTTPClient(port: port) }

    /// Stops the server gracefully.
    public func stop() {
        server.shutdown()
        server.waitUntilStopped()
        connection.close()
    }

    /// Creates an organization (with one host) and, if asked, a SCIM token; returns slug, host and secret.
    public func makeOrganization(
        plan: Plan = .enterprise, beta: Bool = true, token: Bool = true
    ) throws -> (slug: String, host: String, secret: String?) {
        let slug = TestDatabase.uniqueSlug()
        let host = "\(slug).example.test"
        let plane = ControlPlane(connection: connection)
        _ = try plane.createOrganization(slug: Slug(slug), name: slug, plan: .enterprise, hosts: [HostName(host)])
        if beta || token { _ = try plane.setFlag(Slug(slug), .apiBeta) }
        var secret: String?
        if token {
            secret = try plane.createToken(Slug(slug), name: "test", scopes: [.scim]).secret.value
        }
        if !beta { _ = try plane.unsetFlag(Slug(slug), .apiBeta) }
        if plan != .enterprise { _ = try plane.setPlan(Slug(slug), plan) }
        return (slug, host, secret)
    }
}

/// Collects log lines written by a server under test.
public final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// Appends a line.
    public func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Every line so far.
    public var all: [String] { lines.withLock { $0 } }
}
