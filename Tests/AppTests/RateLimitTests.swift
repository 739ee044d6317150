import App
import Foundation
import Store
import Synchronization
import TestSupport
import Testing

@Suite struct RateLimitTests {
    @Test func refusesAnOrganizationOverItsLimitWithoutSlowingAnother() throws {
        let server = try TestServer(environment: ["ROSTER_RATE_LIMIT": "50"])
        defer { server.stop() }
        let flooding = try SCIMSession(server: server)
        let quiet = try SCIMSession(server: server)
        let limit = try RosterProcess.run(
            ["org", "set-rate-limit", flooding.slug, "5"], environment: ["DATABASE_URL": server.databaseURL])
        #expect(limit.status == 0, "\(limit.stderr)")
        #expect(limit.stdout.contains("5 requests/s"))
        usleep(300_000)  // the NOTIFY reaches the server's tenant caches

        var statuses: [Int] = []
        var retryAfter: String?
        let started = Date()
        for _ in 0..<40 {
            let response = try flooding.send("GET", "/ServiceProviderConfig")
            statuses.append(response.status)
            if response.status == 429 {
                retryAfter = retryAfter ?? response.header("Retry-After")
                #expect(response.object["status"] as? String == "429")
            }
        }
        // A burst of twice the rate is admitted, then about the rate per second; the rest are refused.
        let elapsed = Date().timeIntervalSince(started)
        let admitted = statuses.filter { $0 == 200 }.count
        #expect(admitted >= 10)
        #expect(Double(admitted) <= 10 + 5 * elapsed + 1, "\(admitted) admitted in \(elapsed) s")
        #expect(statuses.contains(429))
        #expect(Set(statuses).isSubset(of: [200, 429]))
        #expect(Int(retryAfter ?? "") ?? 0 >= 1)
        // The other organization keeps its own budget.
        for _ in 0..<20 {
            #expect(try quiet.send("GET", "/ServiceProviderConfig").status == 200)
        }
        // After the wait the flooding organization is served again.
        sleep(UInt32(Int(retryAfter ?? "1") ?? 1))
        #expect(try flooding.send("GET", "/ServiceProviderConfig").status == 200)
        let reset = try RosterProcess.run(
            ["org", "set-rate-limit", flooding.slug, "default"], environment: ["DATABASE_URL": server.databaseURL])
        #expect(reset.status == 0)
        #expect(
            try RosterProcess.run(
                ["org", "set-rate-limit", flooding.slug, "0"], environment: ["DATABASE_URL": server.databaseURL]
            ).status == 64)
    }
}

/// One organization floods far past its limit while another sends at a modest rate: the other never gets a
/// `429`, and its latency stays within a stated bound of what it was without the flood.
@Suite struct RateLimitIsolationTests {
    /// Latencies in milliseconds of `count` requests by `session`, one every `interval` seconds.
    static func pace(_ session: SCIMSession, count: Int, interval: Double) throws -> (ms: [Double], statuses: [Int]) {
        var latencies: [Double] = []
        var statuses: [Int] = []
        for _ in 0..<count {
            let started = Date()
            statuses.append(try session.send("GET", "/Users?count=1").status)
            let elapsed = Date().timeIntervalSince(started)
            latencies.append(elapsed * 1000)
            Thread.sleep(forTimeInterval: max(0, interval - elapsed))
        }
        return (latencies, statuses)
    }

    static func percentile(_ values: [Double], _ fraction: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
    }

    @Test func defaultLimitMeetsEntraGuidance() throws {
        // Microsoft Entra ID: a SCIM endpoint should take at least 25 requests per second per tenant.
        #expect(try AppConfiguration.fromEnvironment([:]).rateLimit >= 25)
        #expect(try AppConfiguration.fromEnvironment(["ROSTER_RATE_LIMIT": "30"]).rateLimit == 30)
    }

    @Test func oneOrganizationFloodingDoesNotSlowAnother() throws {
        let server = try TestServer(environment: ["ROSTER_RATE_LIMIT": "50"])
        defer { server.stop() }
        let flooding = try SCIMSession(server: server)
        let quiet = try SCIMSession(server: server)
        _ = try ControlPlane(connection: server.connection).setRateLimit(Slug(flooding.slug), 20)
        usleep(300_000)  // the NOTIFY reaches the server's tenant caches
        // Without the flood: 30 requests at 10/s.
        let before = try Self.pace(quiet, count: 30, interval: 0.1)

        let floodStatuses = Mutex<[Int: Int]>([:])
        let stopping = Atomic<Bool>(false)
        let group = DispatchGroup()
        let host = flooding.host
        let secret = flooding.secret
        let port = server.port
        for _ in 0..<8 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? TestHTTPClient(port: port) else { return }
                var local: [Int: Int] = [:]
                while !stopping.load(ordering: .relaxed) {
                    let status =
                        (try? client.request(
                            "GET", "/api/scim/v2/Users?count=1", host: host,
                            headers: [("Authorization", "Bearer \(secret)")]))?.status ?? -1
                    local[status, default: 0] += 1
                }
                floodStatuses.withLock { $0.merge(local, uniquingKeysWith: +) }
            }.start()
        }
        let floodStart = Date()
        Thread.sleep(forTimeInterval: 0.5)
        // During the flood: 50 requests at 10/s, well within the default 50/s.
        let during = try Self.pace(quiet, count: 50, interval: 0.1)
        stopping.store(true, ordering: .relaxed)
        group.wait()
        let floodSeconds = Date().timeIntervalSince(floodStart)
        let flood = floodStatuses.withLock { $0 }

        #expect(before.statuses.allSatisfy { $0 == 200 })
        #expect(during.statuses.allSatisfy { $0 == 200 }, "the quiet organization got \(Set(during.statuses))")
        #expect(Set(flood.keys).isSubset(of: [200, 429]), "flood statuses \(flood)")
        let admitted = flood[200] ?? 0
        let refused = flood[429] ?? 0
        #expect(refused > 10 * admitted, "the flood was not refused: \(flood)")
        #expect(Double(admitted) <= 40 + 20 * floodSeconds + 5, "\(admitted) admitted in \(floodSeconds) s")
        // The bound, for a shared 2-core machine with a debug build where the flooding clients run on the same
        // cores and other suites run in parallel: the quiet organization's median stays under 25 ms (or 3× its
        // median before the flood, if larger) and its p95 under 500 ms. The slowest request is reported only:
        // single stalls of a busy machine are not the flood's doing.
        let p50Before = Self.percentile(before.ms, 0.5)
        let p50During = Self.percentile(during.ms, 0.5)
        let p95Before = Self.percentile(before.ms, 0.95)
        let p95During = Self.percentile(during.ms, 0.95)
        #expect(p50During <= max(25, 3 * p50Before), "median \(p50During) ms during the flood, \(p50Before) ms before")
        #expect(p95During <= 500, "p95 \(p95During) ms during the flood")
        print(
            String(
                format: "rate-limit isolation: flood %d requests in %.1f s (%d admitted, %d refused 429, %.0f/s);"
                    + " quiet organization p50/p95/max %.1f/%.1f/%.1f ms before, %.1f/%.1f/%.1f ms during",
                admitted + refused, floodSeconds, admitted, refused, Double(admitted + refused) / floodSeconds,
                p50Before, p95Before, before.ms.max() ?? 0, p50During, p95During, during.ms.max() ?? 0))
    }
}
