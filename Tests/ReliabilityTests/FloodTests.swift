import Foundation
import Glibc
import Postgres
import Store
import Synchronization
import TestSupport
import Testing

/// 5,000 connections opened at once against `roster serve` (its own process, so its memory can be read): it
/// holds and serves up to `ROSTER_HTTP_MAX_CONNECTIONS`, refuses the rest at once with a `503`, stays small,
/// and `/healthz` and a kept-alive SCIM client are answered during and after the flood.
@Suite struct FloodTests {
    static let limit = 2_000
    static let flood = 5_000

    /// An organization with a SCIM token in a fresh database.
    static func organization() throws -> (url: String, host: String, secret: String) {
        let url = try TestDatabase.createMigrated(prefix: "flood")
        let connection = try Connection(url)
        defer { connection.close() }
        let plane = ControlPlane(connection: connection)
        let slug = TestDatabase.uniqueSlug("flood")
        let host = "\(slug).example.test"
        _ = try plane.createOrganization(slug: Slug(slug), name: slug, plan: .enterprise, hosts: [HostName(host)])
        _ = try plane.setFlag(Slug(slug), .apiBeta)
        return (url, host, try plane.createToken(Slug(slug), name: "flood", scopes: [.scim]).secret.value)
    }

    /// Raises this process's soft descriptor limit to the hard one (the flood needs 5,000 sockets).
    static func raiseDescriptorLimit() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 0 }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        return Int(limit.rlim_cur)
    }

    @Test func holdsUpToTheLimitRefusesTheRestAndKeepsServing() throws {
        #expect(Self.raiseDescriptorLimit() > Self.flood + 100, "the descriptor limit is too low for the flood")
        let org = try Self.organization()
        let server = try ServeProcess(
            databaseURL: org.url, environment: ["ROSTER_HTTP_MAX_CONNECTIONS": String(Self.limit)])
        defer { server.stop() }
        let clients = KeptAliveClients(
            scim: try TestHTTPClient(port: server.port, timeout: 10),
            health: try TestHTTPClient(port: server.port, timeout: 10))
        let scim = clients.scim
        let health = clients.health
        let auth = [("Authorization", "Bearer \(org.secret)")]
        #expect(try scim.request("GET", "/api/scim/v2/Users?count=1", host: org.host, headers: auth).status == 200)
        #expect(try health.request("GET", "/healthz").status == 200)
        let baseline = server.residentKilobytes ?? 0

        // During the flood: the two clients that connected before it keep asking, and the server's RSS is sampled.
        let flooding = Atomic<Bool>(true)
        let observations = Mutex<(scim: [Double], health: [Double], statuses: [Int], peak: Int)>(([], [], [], baseline))
        let watcher = DispatchGroup()
        watcher.enter()
        Thread {
            defer { watcher.leave() }
            let scim = clients.scim
            let health = clients.health
            while flooding.load(ordering: .relaxed) {
                let started = Date()
                let status =
                    (try? scim.request("GET", "/api/scim/v2/Users?count=1", host: org.host, headers: auth))?.status
                    ?? -1
                let scimSeconds = Date().timeIntervalSince(started)
                let probe = Date()
                let healthStatus = (try? health.request("GET", "/healthz"))?.status ?? -1
                let healthSeconds = Date().timeIntervalSince(probe)
                let rss = server.residentKilobytes ?? 0
                observations.withLock {
                    $0.scim.append(scimSeconds)
                    $0.health.append(healthSeconds)
                    $0.statuses += [status, healthStatus]
                    $0.peak = max($0.peak, rss)
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }.start()

        let started = Date()
        let sockets = FloodSockets(port: server.port, count: Self.flood)
        defer { sockets.closeAll() }
        let connected = sockets.waitForConnects(deadline: 30)
        let outcome = sockets.classify(quietFor: 1.5, deadline: 30)
        let served = sockets.serveHealthOnHeld()
        let floodSeconds = Date().timeIntervalSince(started)
        flooding.store(false, ordering: .relaxed)
        watcher.wait()
        let seen = observations.withLock { $0 }

        // Served up to the limit (less the two clients already connected), the rest refused with a 503 or closed.
        let heldAllowed = Self.limit - 2
        #expect(connected == Self.flood, "\(Self.flood - connected) connects failed outright")
        #expect(outcome.held <= heldAllowed && outcome.held >= heldAllowed - 20, "held \(outcome.held)")
        #expect(served == outcome.held, "only \(served) of \(outcome.held) held connections answered /healthz")
        #expect(outcome.refused + outcome.closed == Self.flood - outcome.held)
        #expect(outcome.refused >= Self.flood - Self.limit - 50, "refused with a 503: \(outcome.refused)")
        #expect(outcome.slowestRefusal < 10, "a refusal took \(outcome.slowestRefusal) s")
        // Nobody already connected was turned away, and both kept answering.
        #expect(seen.statuses.allSatisfy { $0 == 200 }, "statuses during the flood: \(Set(seen.statuses))")
        #expect((seen.health.max() ?? 0) < 2, "slowest /healthz during the flood: \(seen.health.max() ?? 0) s")
        #expect((seen.scim.max() ?? 0) < 5, "slowest SCIM request during the flood: \(seen.scim.max() ?? 0) s")
        // Memory stays bounded: the held connections cost little (bound: 100 MiB over the baseline).
        let peak = max(seen.peak, server.residentKilobytes ?? 0)
        #expect(peak - baseline < 100 * 1024, "RSS grew from \(baseline / 1024) to \(peak / 1024) MiB")

        // After the flood: its connections go, a new client is served at once, the old ones still are.
        sockets.closeAll()
        Thread.sleep(forTimeInterval: 0.3)
        let fresh = try TestHTTPClient(port: server.port, timeout: 5)
        let afterward = Date()
        #expect(try fresh.request("GET", "/api/scim/v2/Users?count=1", host: org.host, headers: auth).status == 200)
        #expect(Date().timeIntervalSince(afterward) < 2)
        #expect(try scim.request("GET", "/api/scim/v2/Users?count=1", host: org.host, headers: auth).status == 200)
        print(
            "flood: \(Self.flood) connections in \(String(format: "%.1f", floodSeconds)) s against a limit of"
                + " \(Self.limit): \(outcome.held) held (\(served) answered /healthz), \(outcome.refused) refused with"
                + " 503, \(outcome.closed) closed; slowest refusal \(String(format: "%.2f", outcome.slowestRefusal)) s;"
                + " during it \(seen.scim.count) SCIM requests (slowest \(String(format: "%.3f", seen.scim.max() ?? 0)) s)"
                + " and /healthz probes (slowest \(String(format: "%.3f", seen.health.max() ?? 0)) s);"
                + " server RSS \(baseline / 1024) → peak \(peak / 1024) MiB")
    }
}

/// The two clients connected before the flood; the watcher thread uses them during it, the test after it.
final class KeptAliveClients: @unchecked Sendable {
    let scim: TestHTTPClient
    let health: TestHTTPClient

    init(scim: TestHTTPClient, health: TestHTTPClient) {
        self.scim = scim
        self.health = health
    }
}
