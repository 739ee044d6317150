import App
import Foundation
import TestSupport
import Testing

@Suite struct AdminListenerTests {
    @Test func readsItsSettingsAndRefusesAWeakToken() throws {
        #expect(try AppConfiguration.fromEnvironment([:]).admin == nil)
        let token = AdminSession.token
        let admin = try #require(
            try AppConfiguration.fromEnvironment(["ADMIN_PORT": "9090", "ROSTER_ADMIN_TOKEN": token]).admin)
        #expect(admin.port == 9090)
        #expect(admin.host == "127.0.0.1")
        #expect(admin.credentials?.accepts(token: token) == true)
        #expect(admin.credentials?.accepts(token: token + "x") == false)
        let everywhere = try AppConfiguration.fromEnvironment(["ADMIN_PORT": "0", "ROSTER_ADMIN_HOST": "0.0.0.0"])
        #expect(everywhere.admin?.host == "0.0.0.0")
        #expect(everywhere.admin?.credentials == nil)
        let refused: [([String: String], String)] = [
            (["ADMIN_PORT": "70000"], "ADMIN_PORT"), (["ADMIN_PORT": "x"], "ADMIN_PORT"),
            (["ADMIN_PORT": "0", "ROSTER_ADMIN_TOKEN": "short-token"], "at least 32 characters"),
            (["ADMIN_PORT": "0", "ROSTER_ADMIN_TOKEN": String(repeating: "é", count: 40)], "only letters"),
        ]
        for (environment, message) in refused {
            #expect(throws: ConfigurationError.self) { try AppConfiguration.fromEnvironment(environment) }
            do {
                _ = try AppConfiguration.fromEnvironment(environment)
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
        let serve = try RosterProcess.run(
            ["serve", "--port", "0", "--admin-port", "0"],
            environment: ["DATABASE_URL": try TestDatabase.shared(), "ROSTER_ADMIN_TOKEN": "too-short"])
        #expect(serve.status == 78)
        #expect(serve.stderr.contains("ROSTER_ADMIN_TOKEN must be at least 32 characters"))
    }

    @Test func servesOnlyMetricsWithoutAnAdminToken() throws {
        let admin = try AdminSession(token: nil)
        defer { admin.stop() }
        let metrics = try admin.client.request("GET", "/metrics", host: admin.host)
        #expect(metrics.status == 200)
        #expect(metrics.text.contains("roster_http_open_connections"))
        #expect(metrics.text.contains("roster_http_affinity_requests_total{placement=\"home\"}"))
        for (method, path) in AdminAPITests.routes {
            let response = try admin.send(method, path, method == "GET" ? nil : "{}")
            #expect(response.status == 403, "\(method) \(path)")
            #expect(response.object["error"] as? String == "admin_disabled")
            #expect((response.object["detail"] as? String)?.contains("ROSTER_ADMIN_TOKEN") == true)
        }
        let page = try admin.client.request("GET", "/admin/sign-in", host: admin.host)
        #expect(page.status == 403)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        #expect(page.text.contains("ROSTER_ADMIN_TOKEN"))
    }

    @Test func answersUnknownPathsWith404AndCountsSCIMTrafficInMetrics() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        #expect(try admin.client.request("GET", "/", host: admin.host).status == 404)
        #expect(try admin.client.request("GET", "/api/scim/v2/Users", host: admin.host).status == 404)
        let before = try Self.sample("roster_http_requests_served_total", admin)
        let scim = try admin.server.client()
        for _ in 0..<3 { _ = try scim.request("GET", "/readyz") }
        #expect(try Self.sample("roster_http_requests_served_total", admin) == before + 3)
    }

    @Test func stopsWithTheServer() throws {
        let admin = try AdminSession()
        #expect(try admin.send("GET", "/admin/v1/orgs").status == 200)
        let port = admin.port
        admin.stop()
        #expect(throws: TestHTTPClient.Failure.self) { try TestHTTPClient(port: port) }
    }

    @Test func refusesToStartWhenItsPortIsTaken() throws {
        let first = try TestServer()
        defer { first.stop() }
        #expect(throws: (any Error).self) {
            let server = try TestServer(
                environment: ["ADMIN_PORT": String(first.port), "ROSTER_ADMIN_TOKEN": AdminSession.token])
            server.stop()
        }
    }

    /// The value of a metric without labels.
    static func sample(_ name: String, _ admin: AdminSession) throws -> Int {
        let text = try admin.client.request("GET", "/metrics", host: admin.host).text
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix(name + " ") })
        return try #require(Int(line.split(separator: " ")[1]))
    }
}
