import Foundation
import HTTP
import Postgres
import Store
import Testing

@testable import App

/// The renderer and the recording types, without a server.
@Suite struct MetricsRenderTests {
    @Test func escapesLabelValuesAndHelpText() throws {
        let hostile = "a\"b\\c\nd}e,f=\"g"
        var text = MetricsText()
        text.family("roster_test_total", .counter, help: "help with \\ and\nnewline")
        text.sample("roster_test_total", ["value": hostile, "plain": "x"], 3)
        #expect(text.output.contains(#"value="a\"b\\c\nd}e,f=\"g""#))
        #expect(text.output.contains(#"# HELP roster_test_total help with \\ and\nnewline"#))
        #expect(text.output.split(separator: "\n").count == 3)
        let parsed = try MetricsTextParser(text.output)
        #expect(parsed.samples.count == 1)
        #expect(parsed.samples.first?.labels["value"] == hostile)
        #expect(parsed.samples.first?.labels["plain"] == "x")
        #expect(parsed.helps["roster_test_total"] == "help with \\ and\nnewline")
        #expect(parsed.value("roster_test_total") == 3)
    }

    @Test func formatsSpecialFloats() {
        #expect(MetricsText.format(.infinity) == "+Inf")
        #expect(MetricsText.format(-.infinity) == "-Inf")
        #expect(MetricsText.format(.nan) == "NaN")
        #expect(Double(MetricsText.format(0.000123)) == 0.000123)
    }

    @Test func parserRejectsMalformedText() {
        let bad = [
            "roster_x 1\n",  // no TYPE
            "# TYPE roster_x counter\nroster_x{a=\"1\"} 1\nroster_x{a=\"1\"} 2\n",  // duplicate series
            "# TYPE roster_x counter\nroster_x{a=\"1} 1\n",  // unterminated value
            "# TYPE roster_x counter\nroster_x{a=\"\\q\"} 1\n",  // unknown escape
            "# TYPE roster_x counter\n# TYPE roster_y gauge\nroster_x 1\n",  // not contiguous
        ]
        for text in bad {
            #expect(throws: MetricsTextParser.Failure.self, "\(text)") { try MetricsTextParser(text) }
        }
    }

    @Test func classifiesPathsIntoFixedRoutes() {
        let cases: [(String, String)] = [
            ("/healthz", "/healthz"), ("/readyz", "/readyz"), ("/api/session", "/api/session"),
            ("/api/scim/v2/Users", "/Users"), ("/api/scim/v2/Users/8a3d", "/Users/{id}"),
            ("/api/scim/v2/Users/.search", "/Users/.search"), ("/api/scim/v2/Groups/x", "/Groups/{id}"),
            ("/api/scim/v2/Groups/.search", "/Groups/.search"), ("/api/scim/v2/.search", "/.search"),
            ("/api/scim/v2/Bulk", "/Bulk"), ("/api/scim/v2/Schemas/urn:x", "/Schemas/{id}"),
            ("/api/scim/v2/ServiceProviderConfig", "/ServiceProviderConfig"), ("/api/scim/v2/Me/x", "/Me"),
            ("/api/scim/v2/Users/a/b", "other"), ("/api/scim/v2", "other"), ("/api/scim/v2x/Users", "other"),
            ("/etc/passwd", "other"), ("/Users", "other"), ("/api/scim/v2//Users//", "/Users"),
            ("/api/scim/v2/Groups//.search", "/Groups/.search"), ("/api/scim/v2/users", "other"),
        ]
        for (path, label) in cases {
            #expect(MetricsRoute.classify(path).label == label, "\(path)")
        }
    }

    @Test func foldsOrganizationsBeyondTheLimitIntoOther() throws {
        let metrics = RosterMetrics(maxOrganizations: 2)
        let recorder = metrics.makeRecorder()
        for id in 1...4 {
            let tenant = try Self.tenant(id: Int64(id), slug: "org-\(id)")
            for _ in 0..<id {
                recorder.recordRequest(
                    HTTPRequest(method: .get, target: "/api/scim/v2/Users"), status: 200, tenant: tenant,
                    duration: .milliseconds(2))
            }
        }
        recorder.recordRequest(HTTPRequest(method: .get, target: "/nowhere"), status: 404, tenant: nil, duration: .zero)
        let parsed = try MetricsTextParser(metrics.render(http: HTTPServerStats(), limits: HTTPServerConfiguration()))
        let name = "roster_http_requests_total"
        #expect(parsed.value(name, ["org": "org-1", "route": "/Users", "status": "200"]) == 1)
        #expect(parsed.value(name, ["org": "org-2"]) == 2)
        #expect(parsed.value(name, ["org": "_other"]) == 3 + 4)
        #expect(parsed.value(name, ["org": "-", "route": "other", "status": "404"]) == 1)
        #expect(Set(parsed.samples(name).compactMap { $0.labels["org"] }) == ["org-1", "org-2", "_other", "-"])
        #expect(parsed.value("roster_metrics_organizations", ["state": "labelled"]) == 2)
        #expect(parsed.value("roster_metrics_organizations", ["state": "folded"]) == 2)
        #expect(parsed.value("roster_http_request_duration_seconds_count", ["route": "/Users"]) == 10)
        #expect(parsed.value("roster_http_request_duration_seconds_bucket", ["route": "/Users", "le": "0.001"]) == 0)
        #expect(parsed.value("roster_http_request_duration_seconds_bucket", ["route": "/Users", "le": "0.0025"]) == 10)
        #expect(abs(parsed.value("roster_http_request_duration_seconds_sum", ["route": "/Users"]) - 0.02) < 1e-9)
    }

    @Test func foldsUnknownMethodsAndOperations() throws {
        let metrics = RosterMetrics()
        let recorder = metrics.makeRecorder()
        let tenant = try Self.tenant(id: 7, slug: "acme")
        recorder.recordRequest(
            HTTPRequest(method: HTTPMethod(rawValue: "BREW"), target: "/api/scim/v2/Users"), status: 405,
            tenant: tenant, duration: .zero)
        let observer = recorder.storeObserver(for: tenant)
        observer.committed(resourceType: "Group", operation: "patch (members cleared)")
        observer.committed(resourceType: "Group", operation: "patch")
        observer.committed(resourceType: "User", operation: "deactivate")
        observer.committed(resourceType: "Widget", operation: "explode")
        observer.retried(after: PostgresError(kind: .server, sqlState: "40P01", message: "deadlock"))
        let parsed = try MetricsTextParser(metrics.render(http: HTTPServerStats(), limits: HTTPServerConfiguration()))
        #expect(parsed.value("roster_http_requests_total", ["method": "other", "status": "405"]) == 1)
        #expect(parsed.samples("roster_http_requests_total").allSatisfy { $0.labels["method"] != "BREW" })
        let writes = "roster_provisioning_writes_total"
        #expect(parsed.value(writes, ["org": "acme", "resource": "Group", "operation": "patch"]) == 2)
        #expect(parsed.value(writes, ["org": "acme", "resource": "User", "operation": "deactivate"]) == 1)
        #expect(parsed.value(writes, ["org": "acme", "resource": "other", "operation": "other"]) == 1)
        #expect(parsed.value("roster_database_retries_total", ["kind": "deadlock"]) == 1)
        #expect(parsed.value("roster_database_retries_total", ["kind": "serialization_failure"]) == 0)
    }

    @Test func packsRequestKeysLosslessly() {
        for route in MetricsRoute.allCases {
            for method in MetricsMethod.allCases {
                for (org, status) in [(Int32(0), 200), (1, 429), (Int32.max, 599), (12345, 0)] {
                    let key = RequestKey(org: org, route: route, method: method, status: status)
                    #expect(RequestKey(packed: key.packed) == key)
                }
            }
        }
    }

    static func tenant(id: Int64, slug: String) throws -> Tenant {
        let schema = try #require(SQLIdentifier("org_" + slug.replacingOccurrences(of: "-", with: "_")))
        return Tenant(organizationID: id, slug: slug, plan: .enterprise, schema: schema, flags: [])
    }
}
