import App
import Foundation
import HTTP
import TestSupport
import Testing

/// `RosterServer.metricsText()` against a real server and real sockets: the text parses, and known requests
/// move exactly the counters they should.
@Suite struct MetricsTests {
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    @Test func countsRequestsByOrganizationRouteMethodAndStatus() throws {
        let server = try TestServer()
        defer { server.stop() }
        let acme = try SCIMSession(server: server)
        let globex = try SCIMSession(server: server)
        let before = try scrape(server)

        for _ in 0..<3 { #expect(try acme.send("GET", "/ServiceProviderConfig").status == 200) }
        for _ in 0..<2 { #expect(try acme.send("GET", "/Users/\(UUID().uuidString)").status == 404) }
        let user = try acme.createUser(uniqueName())
        let id = try #require(user["id"] as? String)
        #expect(try acme.send("GET", "/Users/\(id)").status == 200)
        #expect(try acme.send("BREW", "/Users").status == 405)
        #expect(try acme.send("GET", "/Users/\(id)/secret/path").status == 404)
        for _ in 0..<2 { #expect(try globex.send("GET", "/Schemas").status == 200) }
        let forged = try globex.client.request(
            "GET", "/api/scim/v2/Users", host: globex.host, headers: [("Authorization", "Bearer roster_nope")])
        #expect(forged.status == 401)
        let stray = try globex.client.request("GET", "/api/scim/v2/Users", host: "nobody.example.test")
        #expect(stray.status == 404)
        #expect(try globex.client.request("GET", "/healthz").status == 200)

        let after = try scrape(server)
        let expected: [([String: String], Double)] = [
            (["org": acme.slug, "route": "/ServiceProviderConfig", "method": "GET", "status": "200"], 3),
            (["org": acme.slug, "route": "/Users/{id}", "method": "GET", "status": "404"], 2),
            (["org": acme.slug, "route": "/Users", "method": "POST", "status": "201"], 1),
            (["org": acme.slug, "route": "/Users/{id}", "method": "GET", "status": "200"], 1),
            (["org": acme.slug, "route": "/Users", "method": "other", "status": "405"], 1),
            (["org": acme.slug, "route": "other", "method": "GET", "status": "404"], 1),
            (["org": globex.slug, "route": "/Schemas", "method": "GET", "status": "200"], 2),
            (["org": globex.slug, "route": "/Users", "method": "GET", "status": "401"], 1),
            (["org": "-", "route": "/Users", "method": "GET", "status": "404"], 1),
            (["org": "-", "route": "/healthz", "method": "GET", "status": "200"], 1),
        ]
        let name = "roster_http_requests_total"
        for (labels, count) in expected {
            #expect(after.value(name, labels) - before.value(name, labels) == count, "\(labels)")
        }
        #expect(after.value(name, ["org": acme.slug]) - before.value(name, ["org": acme.slug]) == 9)
        #expect(after.value(name, ["org": globex.slug]) - before.value(name, ["org": globex.slug]) == 3)
        // Raw paths and methods never become label values.
        let values = after.samples.flatMap { $0.labels.values }
        #expect(!values.contains { $0.contains(id) || $0.contains("secret") || $0 == "BREW" })
        let duration = "roster_http_request_duration_seconds_count"
        #expect(
            after.value(duration, ["route": "/ServiceProviderConfig"])
                - before.value(duration, ["route": "/ServiceProviderConfig"]) == 3)
        #expect(after.value(duration, ["route": "/Schemas"]) - before.value(duration, ["route": "/Schemas"]) == 2)
        #expect(after.value("process_resident_memory_bytes") > 1_000_000)
        #expect(after.value("process_start_time_seconds") > 1_600_000_000)
        #expect(after.value("roster_http_workers") == 4)
        #expect(after.value("roster_http_open_connections") >= 2)
        #expect(after.value("roster_http_connections_accepted_total") >= 2)
    }

    @Test func histogramBucketsAreCumulativeAndEndInTheCount() throws {
        let server = try TestServer()
        defer { server.stop() }
        let session = try SCIMSession(server: server)
        for _ in 0..<5 { _ = try session.send("GET", "/ServiceProviderConfig") }
        for _ in 0..<3 { _ = try session.send("GET", "/Users?count=1") }
        let parsed = try scrape(server)
        #expect(parsed.types["roster_http_request_duration_seconds"] == "histogram")
        let routes = Set(parsed.samples("roster_http_request_duration_seconds_count").compactMap { $0.labels["route"] })
        #expect(routes.isSuperset(of: ["/ServiceProviderConfig", "/Users"]))
        for route in routes {
            let buckets = parsed.samples("roster_http_request_duration_seconds_bucket").filter {
                $0.labels["route"] == route
            }
            let bounds = buckets.map {
                $0.labels["le"] == "+Inf" ? Double.infinity : Double($0.labels["le"] ?? "") ?? .nan
            }
            #expect(
                bounds == bounds.sorted() && bounds.count == 15 && bounds.first == 0.0005 && bounds.last == .infinity)
            let counts = buckets.map(\.value)
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "\(route) \(counts)")
            let total = parsed.value("roster_http_request_duration_seconds_count", ["route": route])
            #expect(counts.last == total)
            #expect(total >= 1)
            #expect(parsed.value("roster_http_request_duration_seconds_sum", ["route": route]) > 0)
        }
        #expect(parsed.value("roster_http_request_duration_seconds_count", ["route": "/ServiceProviderConfig"]) == 5)
    }

    @Test func countsRateLimitRefusals() throws {
        let server = try TestServer(environment: ["ROSTER_RATE_LIMIT": "2"])
        defer { server.stop() }
        let flooding = try SCIMSession(server: server)
        let before = try scrape(server)
        var refused = 0
        for _ in 0..<12 where try flooding.send("GET", "/ResourceTypes").status == 429 { refused += 1 }
        // Two a second with a burst of four: most of twelve quick requests are refused.
        #expect(refused >= 4)
        let after = try scrape(server)
        let labels = ["org": flooding.slug]
        #expect(
            after.value("roster_rate_limited_total", labels) - before.value("roster_rate_limited_total", labels)
                == Double(refused))
        let status = ["org": flooding.slug, "status": "429"]
        #expect(
            after.value("roster_http_requests_total", status) - before.value("roster_http_requests_total", status)
                == Double(refused))
    }

    @Test func countsOnlyCommittedProvisioningWrites() throws {
        let server = try TestServer()
        defer { server.stop() }
        let session = try SCIMSession(server: server)
        let before = try scrape(server)

        let userName = uniqueName()
        let id = try #require(try session.createUser(userName)["id"] as? String)
        #expect(
            try session.send(
                "POST", "/Users",
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)"}"#
            ).status == 409)
        let replace =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)","title":"CTO"}"#
        #expect(try session.send("PUT", "/Users/\(id)", replace).status == 200)
        let title =
            #"{"schemas":["\#(Self.patchSchema)"],"Operations":[{"op":"replace","path":"title","value":"CEO"}]}"#
        #expect(try session.send("PATCH", "/Users/\(id)", title).status == 200)
        // The same PATCH again changes nothing, writes no log row, and counts nothing.
        #expect(try session.send("PATCH", "/Users/\(id)", title).status == 200)
        let deactivate =
            #"{"schemas":["\#(Self.patchSchema)"],"Operations":[{"op":"replace","value":{"active":false}}]}"#
        #expect(try session.send("PATCH", "/Users/\(id)", deactivate).status == 200)
        #expect(try session.send("PUT", "/Users/\(id)", replace, headers: [("If-Match", #"W/"1""#)]).status == 412)
        let group = try session.createGroup("metrics-\(UUID().uuidString.prefix(8))", members: [id])
        #expect(try session.send("DELETE", "/Users/\(id)").status == 204)
        #expect(try session.send("DELETE", "/Groups/\(group)").status == 204)

        let after = try scrape(server)
        let name = "roster_provisioning_writes_total"
        let expected: [(String, String, Double)] = [
            ("User", "create", 1), ("User", "replace", 1), ("User", "patch", 1), ("User", "deactivate", 1),
            ("User", "delete", 1), ("Group", "create", 1), ("Group", "delete", 1),
        ]
        for (resource, operation, count) in expected {
            let labels = ["org": session.slug, "resource": resource, "operation": operation]
            #expect(after.value(name, labels) - before.value(name, labels) == count, "\(labels)")
        }
        #expect(after.value(name, ["org": session.slug]) - before.value(name, ["org": session.slug]) == 7)
        let logged = try session.count("SELECT count(*) FROM \(ident: session.schema).provisioning_log")
        #expect(logged == 7)
    }

    @Test func countsDatabaseErrorsWhenTheDatabaseIsUnreachable() throws {
        // Nothing listens on port 1: every connection attempt is refused at once.
        var environment = ["ROSTER_HTTP_PORT": "0", "ROSTER_HTTP_HOST": "127.0.0.1", "ROSTER_HTTP_WORKERS": "2"]
        environment["ROSTER_RATE_LIMIT"] = "0"
        let server = RosterServer(
            configuration: try AppConfiguration.fromEnvironment(environment),
            databaseURL: "host=127.0.0.1 port=1 dbname=none connect_timeout=2", logger: Logger { _ in })
        try server.start()
        defer { server.shutdown() }
        let client = try TestHTTPClient(port: server.port)
        defer { client.close() }
        let before = try MetricsTextParser(server.metricsText())
        #expect(try client.request("GET", "/readyz").status == 503)
        #expect(try client.request("GET", "/api/scim/v2/Users", host: "acme.example.test").status == 503)
        let after = try MetricsTextParser(server.metricsText())
        let labels = ["kind": "unavailable"]
        #expect(
            after.value("roster_database_errors_total", labels) - before.value("roster_database_errors_total", labels)
                == 2)
        #expect(after.value("roster_database_errors_total", ["kind": "other"]) == 0)
        #expect(after.value("roster_http_requests_total", ["org": "-", "route": "/readyz", "status": "503"]) == 1)
    }

    @Test func foldsOrganizationsBeyondTheConfiguredLimit() throws {
        let server = try TestServer(environment: ["ROSTER_METRICS_MAX_ORGS": "1"])
        defer { server.stop() }
        let first = try SCIMSession(server: server)
        let second = try SCIMSession(server: server)
        #expect(try first.send("GET", "/Schemas").status == 200)
        for _ in 0..<2 { #expect(try second.send("GET", "/Schemas").status == 200) }
        let parsed = try scrape(server)
        #expect(parsed.value("roster_http_requests_total", ["org": first.slug]) == 1)
        #expect(parsed.value("roster_http_requests_total", ["org": second.slug]) == 0)
        #expect(parsed.value("roster_http_requests_total", ["org": "_other", "route": "/Schemas"]) == 2)
        #expect(parsed.value("roster_metrics_organizations_limit") == 1)
        #expect(parsed.value("roster_metrics_organizations", ["state": "folded"]) == 1)
        #expect(throws: ConfigurationError.self) {
            try AppConfiguration.fromEnvironment(["ROSTER_METRICS_MAX_ORGS": "-1"])
        }
    }

    private func scrape(_ server: TestServer) throws -> MetricsTextParser {
        try MetricsTextParser(server.server.metricsText())
    }
}
