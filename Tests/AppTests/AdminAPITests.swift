import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct AdminAPITests {
    /// Every route of the admin API with a method it answers.
    static let routes: [(String, String)] = [
        ("GET", "/admin/v1/orgs"), ("POST", "/admin/v1/orgs"), ("GET", "/admin/v1/orgs/acme"),
        ("PUT", "/admin/v1/orgs/acme/plan"), ("PUT", "/admin/v1/orgs/acme/rate-limit"),
        ("POST", "/admin/v1/orgs/acme/hosts"), ("DELETE", "/admin/v1/orgs/acme/hosts/acme.example.com"),
        ("GET", "/admin/v1/orgs/acme/flags"), ("PUT", "/admin/v1/orgs/acme/flags/api-beta"),
        ("DELETE", "/admin/v1/orgs/acme/flags/api-beta"), ("GET", "/admin/v1/orgs/acme/tokens"),
        ("POST", "/admin/v1/orgs/acme/tokens"), ("DELETE", "/admin/v1/orgs/acme/tokens/\(UUID().uuidString)"),
        ("GET", "/admin/v1/orgs/acme/provisioning-log"), ("GET", "/admin/v1"), ("GET", "/admin/v1/nothing"),
    ]

    @Test func requiresTheAdminTokenOnEveryRouteButMetrics() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let wrong: [[(String, String)]] = [
            [], [("Authorization", "Bearer " + String(AdminSession.token.dropLast()) + "x")],
            [("Authorization", "Bearer " + AdminSession.token + "x")],
            [("Authorization", "Basic " + Data("admin:\(AdminSession.token)".utf8).base64EncodedString())],
            [("Authorization", "Bearer \(AdminSession.token)"), ("Authorization", "Bearer \(AdminSession.token)")],
            [("Cookie", "roster_admin=\(AdminSession.token)")],
        ]
        for (method, path) in Self.routes {
            for headers in wrong {
                let response = try admin.client.request(
                    method, path, host: admin.host, headers: headers, body: method == "GET" ? nil : "{}")
                #expect(response.status == 401, "\(method) \(path) \(headers.map(\.0))")
                #expect(response.object["error"] as? String == "unauthorized")
                #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            }
            let authorized = try admin.send(method, path, method == "GET" ? nil : "{}")
            #expect(authorized.status != 401, "\(method) \(path)")
        }
        let metrics = try admin.client.request("GET", "/metrics", host: admin.host)
        #expect(metrics.status == 200)
        #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(metrics.text.contains("# TYPE roster_http_requests_served_total counter"))
        #expect(try admin.client.request("POST", "/metrics", host: admin.host).status == 405)
    }

    @Test func createsListsShowsAndChangesOrganizations() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let slug = TestDatabase.uniqueSlug("adm")
        let body = #"{"slug":"\#(slug)","name":"Acme <Corp>","plan":"team","hosts":["\#(slug).example.test"]}"#
        let created = try admin.send("POST", "/admin/v1/orgs", body)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.header("Content-Type") == "application/json")
        #expect(created.object["slug"] as? String == slug)
        #expect(created.object["name"] as? String == "Acme <Corp>")
        #expect(created.object["hosts"] as? [String] == ["\(slug).example.test"])
        #expect(created.object["rateLimit"] is NSNull)

        let duplicate = try admin.send("POST", "/admin/v1/orgs", body)
        #expect(duplicate.status == 409)
        #expect(duplicate.object["error"] as? String == "conflict")
        let invalid: [String] = [
            #"{"slug":"Bad_Slug","name":"x","plan":"team"}"#, #"{"slug":"ok-\#(slug)","name":"x","plan":"gold"}"#,
            #"{"slug":"ok-\#(slug)","plan":"team"}"#, #"{"slug":"ok-\#(slug)","name":"x","plan":"team","extra":1}"#,
            #"{"slug":"ok-\#(slug)","name":"x","plan":"team","hosts":["bad host"]}"#,
            #"{"slug":"ok-\#(slug)","name":"x","plan":"team","hosts":"a.example"}"#, #"{"slug":1}"#, "[]", "{",
            #"{"slug":"ok-\#(slug)","name":"","plan":"team"}"#,
        ]
        for text in invalid {
            let response = try admin.send("POST", "/admin/v1/orgs", text)
            #expect(response.status == 400, "\(text)")
            #expect(response.object["error"] as? String == "invalid")
            #expect((response.object["detail"] as? String)?.isEmpty == false)
        }
        #expect(try admin.send("GET", "/admin/v1/orgs/ok-\(slug)").status == 404)

        let list = try admin.send("GET", "/admin/v1/orgs")
        let orgs = try #require(list.object["organizations"] as? [[String: Any]])
        #expect(orgs.contains { $0["slug"] as? String == slug })

        let shown = try admin.send("GET", "/admin/v1/orgs/\(slug)")
        #expect(shown.status == 200)
        let usage = try #require(shown.object["usage"] as? [String: Any])
        #expect(usage["activeUsers"] as? Int == 0)
        #expect(usage["groups"] as? Int == 4)
        #expect(usage["liveTokens"] as? Int == 0)

        let plan = try admin.send("PUT", "/admin/v1/orgs/\(slug)/plan", #"{"plan":"enterprise"}"#)
        #expect(plan.status == 200)
        #expect(plan.object["plan"] as? String == "enterprise")
        #expect(try admin.send("PUT", "/admin/v1/orgs/\(slug)/plan", #"{"plan":"gold"}"#).status == 400)
        #expect(try admin.send("PUT", "/admin/v1/orgs/no-such-org/plan", #"{"plan":"team"}"#).status == 404)
        let limited = try admin.send("PUT", "/admin/v1/orgs/\(slug)/rate-limit", #"{"rateLimit":120}"#)
        #expect(limited.object["rateLimit"] as? Int == 120)
        let reset = try admin.send("PUT", "/admin/v1/orgs/\(slug)/rate-limit", #"{"rateLimit":null}"#)
        #expect(reset.object["rateLimit"] is NSNull)
        for bad in [#"{"rateLimit":0}"#, #"{"rateLimit":"fast"}"#, #"{"rateLimit":1.5}"#, "{}"] {
            #expect(try admin.send("PUT", "/admin/v1/orgs/\(slug)/rate-limit", bad).status == 400, "\(bad)")
        }
        let wrongMethod = try admin.send("DELETE", "/admin/v1/orgs/\(slug)")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")
        let notJSON = try admin.client.request(
            "PUT", "/admin/v1/orgs/\(slug)/plan", host: admin.host,
            headers: admin.auth + [("Content-Type", "text/plain")], body: #"{"plan":"team"}"#)
        #expect(notJSON.status == 415)
    }

    @Test func addsAndRemovesHostsAndFlags() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let a = try admin.server.makeOrganization(token: false)
        let b = try admin.server.makeOrganization(token: false)
        let host = "extra-\(a.slug).example.test"
        let added = try admin.send("POST", "/admin/v1/orgs/\(a.slug)/hosts", #"{"host":"\#(host.uppercased())"}"#)
        #expect(added.status == 201)
        #expect((added.object["hosts"] as? [String])?.contains(host) == true)
        let taken = try admin.send("POST", "/admin/v1/orgs/\(b.slug)/hosts", #"{"host":"\#(host)"}"#)
        #expect(taken.status == 409)
        #expect((taken.object["detail"] as? String)?.contains(a.slug) == true)
        #expect(try admin.send("POST", "/admin/v1/orgs/\(a.slug)/hosts", #"{"host":"a b"}"#).status == 400)
        #expect(try admin.send("DELETE", "/admin/v1/orgs/\(b.slug)/hosts/\(host)").status == 404)
        let removed = try admin.send("DELETE", "/admin/v1/orgs/\(a.slug)/hosts/\(host)")
        #expect(removed.status == 200)
        #expect((removed.object["hosts"] as? [String])?.contains(host) == false)

        let set = try admin.send("PUT", "/admin/v1/orgs/\(a.slug)/flags/no-admin-guard")
        #expect(set.status == 200)
        #expect(set.object["flags"] as? [String] == ["api-beta", "no-admin-guard"])
        #expect(try admin.send("PUT", "/admin/v1/orgs/\(a.slug)/flags/no-admin-guard").status == 200)
        let listed = try admin.send("GET", "/admin/v1/orgs/\(a.slug)/flags")
        #expect(listed.object["flags"] as? [String] == ["api-beta", "no-admin-guard"])
        let unset = try admin.send("DELETE", "/admin/v1/orgs/\(a.slug)/flags/api-beta")
        #expect(unset.object["flags"] as? [String] == ["no-admin-guard"])
        #expect(try admin.send("PUT", "/admin/v1/orgs/\(a.slug)/flags/turbo").status == 400)
        #expect(try admin.send("PUT", "/admin/v1/orgs/no-such-org/flags/api-beta").status == 404)
    }

    @Test func showsATokenSecretOnceAndStoresItHashed() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let org = try admin.server.makeOrganization(token: false)
        let body = #"{"name":"Okta","description":"Okta <provisioning>","scopes":["scim"],"expiresInDays":90}"#
        let created = try admin.send("POST", "/admin/v1/orgs/\(org.slug)/tokens", body)
        #expect(created.status == 201, "\(created.text)")
        let secret = try #require(created.object["token"] as? String)
        let id = try #require(created.object["id"] as? String)
        #expect(secret.hasPrefix("roster_") && secret.count == 50)
        #expect(created.object["description"] as? String == "Okta <provisioning>")
        #expect(created.object["scopes"] as? [String] == ["scim"])
        #expect(created.object["expiresAt"] is String)
        #expect(created.header("Cache-Control") == "no-store")

        let list = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/tokens")
        #expect(!list.text.contains(secret))
        let tokens = try #require(list.object["tokens"] as? [[String: Any]])
        #expect(tokens.map { $0["id"] as? String } == [id])
        #expect(tokens.allSatisfy { $0["token"] == nil && $0["live"] as? Bool == true })

        let schema = try #require(SQLIdentifier("org_" + org.slug.replacingOccurrences(of: "-", with: "_")))
        let rows = try admin.server.connection.query(
            "SELECT encode(token_hash, 'hex'), row_to_json(t)::text FROM \(ident: schema).api_tokens t")
        #expect(rows.count == 1)
        #expect(try rows[0].decode(String.self, at: 0) == SHA256.hex(SHA256.hash(Array(secret.utf8))))
        #expect(try !rows[0].decode(String.self, at: 1).contains(secret))
        #expect(!admin.server.logLines.all.contains { $0.contains(secret) })

        let refusals: [(String, Int)] = [
            (#"{"name":"x"}"#, 400), (#"{"name":"x","scopes":["admin"]}"#, 400),
            (#"{"name":"","scopes":["scim"]}"#, 400), (#"{"name":"x","scopes":["scim"],"expiresInDays":0}"#, 400),
            (#"{"name":"x","scopes":["scim"],"secret":"mine"}"#, 400),
        ]
        for (text, status) in refusals {
            #expect(try admin.send("POST", "/admin/v1/orgs/\(org.slug)/tokens", text).status == status, "\(text)")
        }
        let team = try admin.server.makeOrganization(plan: .team, token: false)
        let gated = try admin.send("POST", "/admin/v1/orgs/\(team.slug)/tokens", #"{"name":"x","scopes":["scim"]}"#)
        #expect(gated.status == 409)
        #expect(gated.object["error"] as? String == "refused")
        #expect((gated.object["detail"] as? String)?.contains("Enterprise") == true)

        #expect(try admin.send("DELETE", "/admin/v1/orgs/\(org.slug)/tokens/not-a-uuid").status == 400)
        #expect(try admin.send("DELETE", "/admin/v1/orgs/\(org.slug)/tokens/\(UUID().uuidString)").status == 404)
        #expect(try admin.send("DELETE", "/admin/v1/orgs/\(team.slug)/tokens/\(id)").status == 404)
        let revoked = try admin.send("DELETE", "/admin/v1/orgs/\(org.slug)/tokens/\(id)")
        #expect(revoked.status == 200)
        #expect(revoked.object["live"] as? Bool == false)
        #expect(revoked.object["revokedAt"] is String)
    }

    @Test func revokingATokenStopsItOnTheSCIMListenerAtOnce() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let org = try admin.server.makeOrganization(token: false)
        let created = try admin.send("POST", "/admin/v1/orgs/\(org.slug)/tokens", #"{"name":"idp","scopes":["scim"]}"#)
        let secret = try #require(created.object["token"] as? String)
        let id = try #require(created.object["id"] as? String)
        let scim = try admin.server.client()
        let auth = [("Authorization", "Bearer \(secret)")]
        // Twice, so the token sits in a worker's verified-token cache.
        for _ in 0..<2 {
            #expect(try scim.request("GET", "/api/scim/v2/Users", host: org.host, headers: auth).status == 200)
        }
        #expect(try admin.send("DELETE", "/admin/v1/orgs/\(org.slug)/tokens/\(id)").status == 200)
        let revokedAt = ContinuousClock.now
        var status = 200
        while status != 401, ContinuousClock.now - revokedAt < .seconds(2) {
            status = try scim.request("GET", "/api/scim/v2/Users", host: org.host, headers: auth).status
            if status != 401 { Thread.sleep(forTimeInterval: 0.01) }
        }
        #expect(status == 401)
        #expect(ContinuousClock.now - revokedAt < .seconds(2))
    }

    @Test func pagesTheProvisioningLogNewestFirst() throws {
        let admin = try AdminSession()
        defer { admin.stop() }
        let org = try admin.server.makeOrganization()
        let scim = try admin.server.client()
        for index in 0..<7 {
            let user =
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"u\#(index)@example.test"}"#
            let response = try scim.request(
                "POST", "/api/scim/v2/Users", host: org.host,
                headers: [("Authorization", "Bearer \(org.secret!)"), ("Content-Type", "application/scim+json")],
                body: user)
            #expect(response.status == 201)
        }
        var ids: [Int] = []
        var path: String? = "/admin/v1/orgs/\(org.slug)/provisioning-log?count=3"
        var pages = 0
        while let next = path {
            let page = try admin.send("GET", next)
            #expect(page.status == 200, "\(page.text)")
            let entries = try #require(page.object["entries"] as? [[String: Any]])
            #expect(
                entries.allSatisfy { $0["operation"] as? String == "create" && $0["resourceType"] as? String == "User" }
            )
            ids += entries.compactMap { $0["id"] as? Int }
            path = page.object["next"] as? String
            pages += 1
            #expect(pages <= 3)
            if pages > 3 { break }
        }
        #expect(pages == 3)
        #expect(ids.count == 7)
        #expect(ids == ids.sorted(by: >))
        #expect(Set(ids).count == 7)
        let all = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/provisioning-log")
        #expect((all.object["entries"] as? [Any])?.count == 7)
        #expect(all.object["nextBefore"] is NSNull)
        for query in ["count=0", "count=501", "count=x", "before=0", "before=abc", "page=2"] {
            let response = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/provisioning-log?\(query)")
            #expect(response.status == 400, "\(query)")
        }
        #expect(try admin.send("GET", "/admin/v1/orgs/no-such-org/provisioning-log").status == 404)

        // The CLI pages the same log through the same implementation, with the same JSON entries.
        let cli = try RosterProcess.run(
            ["org", "log", org.slug, "--count", "3", "--before", String(ids[2]), "--json"],
            environment: ["DATABASE_URL": admin.server.databaseURL])
        #expect(cli.status == 0, "\(cli.stderr)")
        let printed = try #require(
            try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [String: Any])
        let api = try admin.send("GET", "/admin/v1/orgs/\(org.slug)/provisioning-log?count=3&before=\(ids[2])")
        let cliEntries = try #require(printed["entries"] as? [[String: Any]])
        let apiEntries = try #require(api.object["entries"] as? [[String: Any]])
        #expect(cliEntries.map { $0["id"] as? Int } == Array(ids[3..<6]))
        #expect(cliEntries.map { NSDictionary(dictionary: $0) } == apiEntries.map { NSDictionary(dictionary: $0) })
        #expect(printed["nextBefore"] as? Int == ids[5])
        let usage = try RosterProcess.run(
            ["org", "log", org.slug, "--count", "0"], environment: ["DATABASE_URL": admin.server.databaseURL])
        #expect(usage.status == 64)
        #expect(usage.stderr.contains("invalid count"))
    }
}

/// A test server with the admin listener on, and a client for that listener.
struct AdminSession {
    /// The admin token the sessions use (40 characters).
    static let token = "test-admin-token-0123456789abcdefghijklmn"

    let server: TestServer
    let client: TestHTTPClient
    let port: Int

    /// Starts a server whose admin listener uses `token` (nil: no token configured).
    init(token: String? = AdminSession.token, environment: [String: String] = [:]) throws {
        var env = environment
        env["ADMIN_PORT"] = "0"
        env["ROSTER_ADMIN_TOKEN"] = token
        server = try TestServer(environment: env)
        port = try #require(server.server.adminPort)
        client = try TestHTTPClient(port: port)
    }

    /// The admin listener's `Host`.
    var host: String { "127.0.0.1:\(port)" }

    /// The bearer header with the admin token.
    var auth: [(String, String)] { [("Authorization", "Bearer \(Self.token)")] }

    /// A request with the admin token (and a JSON content type when there is a body).
    func send(_ method: String, _ path: String, _ body: String? = nil) throws -> TestHTTPClient.Response {
        let headers = auth + (body == nil ? [] : [("Content-Type", "application/json")])
        return try client.request(method, path, host: host, headers: headers, body: body)
    }

    func stop() {
        client.close()
        server.stop()
    }
}
