import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// Roster behind PgBouncer in transaction pooling mode (a server connection per transaction, never per
/// client): `DATABASE_URL` points at PgBouncer with fewer server connections than workers, so consecutive
/// statements of one worker land on different server sessions and anything that relied on session state
/// (a lasting search_path, session-level prepared statements, session advisory locks, LISTEN) would break.
/// `DATABASE_DIRECT_URL` gives the change listener (and migrations) a direct session.
@Suite(
    .enabled(
        if: PgBouncerProcess.isAvailable,
        "needs apt pgbouncer and the tests' own PostgreSQL cluster (TEST_DATABASE_URL unset)"),
    .serialized)
struct PgBouncerTests {
    @Test func aRealisticProvisioningLoadPassesThroughTransactionPooling() throws {
        let bouncer = try PgBouncerProcess(poolMode: "transaction", poolSize: 3)
        defer { bouncer.stop() }
        let direct = try TestDatabase.create(prefix: "bouncer")
        let name = try #require(direct.split(separator: "=").last.map(String.init))
        let pooled = bouncer.connectionString(database: name)
        // Migrate through PgBouncer too: migrations hold only transaction-level locks.
        try Migrator(connection: Connection(pooled)).migrate()
        let server = try TestServer(
            databaseURL: pooled, environment: ["DATABASE_DIRECT_URL": direct, "ROSTER_HTTP_WORKERS": "8"])
        defer { server.stop() }
        let org = try server.makeOrganization()
        let endpoint = Endpoint(port: server.port, host: org.host, secret: try #require(org.secret))

        let failures = concurrently(16, timeout: 180) { index in
            guard let client = try? endpoint.client() else { return ["connect"] }
            var found: [String] = []
            for round in 0..<3 {
                found += provisioningSequence(endpoint, client: client, name: "b\(index)-\(round)@example.com")
            }
            return found
        }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
        // Every write left its log row, and nothing is left over.
        let schema = "org_" + org.slug.replacingOccurrences(of: "-", with: "_")
        let users: Int = try server.connection.query(Query(unsafeSQL: "SELECT count(*) FROM \(schema).users"))[0]
            .decode(at: 0)
        #expect(users == 0)
        let creates: Int = try server.connection.query(
            Query(unsafeSQL: "SELECT count(*) FROM \(schema).provisioning_log WHERE operation = 'create'"))[0]
            .decode(at: 0)
        #expect(creates == 16 * 3 * 2)
        #expect(!bouncer.log.contains("ERROR"), "\(bouncer.log.suffix(1000))")
    }

    @Test func cacheInvalidationWorksWithADirectListenerConnection() throws {
        let bouncer = try PgBouncerProcess(poolMode: "transaction", poolSize: 2)
        defer { bouncer.stop() }
        let direct = try TestDatabase.createMigrated(prefix: "bouncer")
        let name = try #require(direct.split(separator: "=").last.map(String.init))
        let server = try TestServer(
            databaseURL: bouncer.connectionString(database: name), environment: ["DATABASE_DIRECT_URL": direct])
        defer { server.stop() }
        let org = try server.makeOrganization()
        let endpoint = Endpoint(port: server.port, host: org.host, secret: try #require(org.secret))
        let client = try endpoint.client()
        #expect(try endpoint.send(client, "GET", "/Users").status == 200)
        let plane = ControlPlane(connection: server.connection)
        let token = try #require(try plane.listTokens(Slug(org.slug)).first)
        _ = try plane.revokeToken(Slug(org.slug), id: token.id)
        let seconds = try secondsUntil(limit: 10) { try endpoint.send(client, "GET", "/Users").status == 401 }
        let elapsed = try #require(seconds, "the revoked token still worked after 10 s")
        print("PgBouncerTests: token revocation took effect after \(Int(elapsed * 1000)) ms")
        #expect(elapsed < ScaleOutTests.invalidationBound)
        #expect(server.server.listener.deliversNotifications == true)
    }

    @Test func withoutADirectURLTheListenerSaysSoAndCachesStillExpire() throws {
        let bouncer = try PgBouncerProcess(poolMode: "transaction", poolSize: 2)
        defer { bouncer.stop() }
        let direct = try TestDatabase.createMigrated(prefix: "bouncer")
        let name = try #require(direct.split(separator: "=").last.map(String.init))
        let server = try TestServer(
            databaseURL: bouncer.connectionString(database: name), environment: ["ROSTER_DB_PREPARED_STATEMENTS": "0"])
        defer { server.stop() }
        let detected = secondsUntil(limit: 10) { server.server.listener.deliversNotifications != nil }
        #expect(detected != nil)
        #expect(server.server.listener.deliversNotifications == false)
        #expect(server.logLines.all.contains { $0.contains("set DATABASE_DIRECT_URL") })

        // Revocation still takes effect, when the verified-token cache expires (5 s).
        let org = try server.makeOrganization()
        let endpoint = Endpoint(port: server.port, host: org.host, secret: try #require(org.secret))
        let client = try endpoint.client()
        #expect(try endpoint.send(client, "GET", "/Users").status == 200)
        let plane = ControlPlane(connection: server.connection)
        let token = try #require(try plane.listTokens(Slug(org.slug)).first)
        _ = try plane.revokeToken(Slug(org.slug), id: token.id)
        let seconds = try secondsUntil(limit: 15) { try endpoint.send(client, "GET", "/Users").status == 401 }
        #expect(seconds != nil)
    }
}
