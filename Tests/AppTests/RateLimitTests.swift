import Foundation
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
