import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct TenantAuthTests {
    static let unauthorizedBody =
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"SCIM request not authorized","status":"401"}"#

    @Test func servesEachOrganizationOnlyOnItsOwnHost() throws {
        let server = try TestServer()
        defer { server.stop() }
        let a = try server.makeOrganization()
        let b = try server.makeOrganization()
        let client = try server.client()
        let own = try client.request(
            "GET", "/api/scim/v2/ServiceProviderConfig", host: a.host,
            headers: [("Authorization", "Bearer \(a.secret!)")])
        #expect(own.status == 200)
        #expect(own.header("Content-Type") == "application/scim+json")
        let crossed = try client.request(
            "GET", "/api/scim/v2/ServiceProviderConfig", host: b.host,
            headers: [("Authorization", "Bearer \(a.secret!)")])
        #expect(crossed.status == 401)
        #expect(crossed.text == Self.unauthorizedBody)
        let unknown = try client.request(
            "GET", "/api/scim/v2/Schemas", host: "nobody.example.test",
            headers: [("Authorization", "Bearer \(a.secret!)")])
        #expect(unknown.status == 404)
        #expect(unknown.object["status"] as? String == "404")
        #expect((unknown.object["schemas"] as? [String]) == ["urn:ietf:params:scim:api:messages:2.0:Error"])
    }

    @Test func answersBadTokensWithTheExact401() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let client = try server.client()
        let cases: [[(String, String)]] = [
            [], [("Authorization", "Bearer")], [("Authorization", "Basic dXNlcjpwYXNz")],
            [("Authorization", "Bearer roster_wrong")], [("Authorization", "Bearer \(org.secret!)x")],
            [("Authorization", "Bearer \(org.secret!)"), ("Authorization", "Bearer \(org.secret!)")],
            [("Authorization", "Bearer bad\"token")], [("Authorization", "Bearer  ")],
        ]
        for headers in cases {
            let response = try client.request("GET", "/api/scim/v2/Schemas", host: org.host, headers: headers)
            #expect(response.status == 401, "\(headers.map(\.1))")
            #expect(response.text == Self.unauthorizedBody)
            #expect(response.header("WWW-Authenticate") == "Bearer")
        }
        let ok = try client.request(
            "GET", "/api/scim/v2/Schemas", host: org.host.uppercased() + ".:8080",
            headers: [("Authorization", "bearer \(org.secret!)")])
        #expect(ok.status == 200)
    }

    @Test func stopsARevokedTokenAtOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let client = try server.client()
        let auth = [("Authorization", "Bearer \(org.secret!)")]
        #expect(try client.request("GET", "/api/scim/v2/Schemas", host: org.host, headers: auth).status == 200)
        let plane = ControlPlane(connection: server.connection)
        let token = try #require(try plane.listTokens(Slug(org.slug)).first)
        // The server has verified (and cached) the token; revoking it in another process must still
        // stop the very next request.
        let revoke = try RosterProcess.run(
            ["token", "revoke", org.slug, token.id.uuidString], environment: ["DATABASE_URL": server.databaseURL])
        #expect(revoke.status == 0, "\(revoke.stderr)")
        #expect(try client.request("GET", "/api/scim/v2/Schemas", host: org.host, headers: auth).status == 401)
    }

    @Test func refusesExpiredTokensAndTokensWithoutTheScimScope() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let schema = try #require(SQLIdentifier("org_" + org.slug.replacingOccurrences(of: "-", with: "_")))
        let expired = Secret.generate()
        let unscoped = Secret.generate()
        try server.connection.execute(
            """
            INSERT INTO \(ident: schema).api_tokens (name, scopes, token_hash, prefix, expires_at)
            VALUES ('old', '{scim}', \(expired.hashLiteral)::bytea, 'x', now() - interval '1 day'),
                   ('other', '{reports}', \(unscoped.hashLiteral)::bytea, 'y', NULL)
            """)
        let client = try server.client()
        let old = try client.request(
            "GET", "/api/scim/v2/Schemas", host: org.host, headers: [("Authorization", "Bearer \(expired.value)")])
        #expect(old.status == 401)
        let noScope = try client.request(
            "GET", "/api/scim/v2/Schemas", host: org.host, headers: [("Authorization", "Bearer \(unscoped.value)")])
        #expect(noScope.status == 403)
    }

    @Test func gatesSCIMOnTheEnterprisePlan() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization(plan: .business)
        let client = try server.client()
        let response = try client.request(
            "GET", "/api/scim/v2/Users", host: org.host, headers: [("Authorization", "Bearer \(org.secret!)")])
        #expect(response.status == 403)
        #expect((response.object["detail"] as? String)?.contains("requires the Enterprise plan") == true)
    }

    @Test func servesAHostAddedWhileRunningWithinASecond() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let client = try server.client()
        let newHost = "late-\(org.slug).example.test"
        let auth = [("Authorization", "Bearer \(org.secret!)")]
        #expect(try client.request("GET", "/api/scim/v2/Schemas", host: newHost, headers: auth).status == 404)
        let output = try RosterProcess.run(
            ["org", "host", "add", org.slug, newHost], environment: ["DATABASE_URL": server.databaseURL])
        #expect(output.status == 0, "\(output.stderr)")
        let changed = ContinuousClock.now
        var status = 0
        while ContinuousClock.now - changed < .seconds(1) {
            status = try client.request("GET", "/api/scim/v2/Schemas", host: newHost, headers: auth).status
            if status == 200 { break }
            usleep(20_000)
        }
        #expect(status == 200)
        #expect(ContinuousClock.now - changed < .seconds(1))
    }

    @Test func keepsLastUsedCurrentWithoutAWritePerRequest() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let client = try server.client()
        for _ in 0..<5 {
            #expect(
                try client.request(
                    "GET", "/api/scim/v2/ResourceTypes", host: org.host,
                    headers: [("Authorization", "Bearer \(org.secret!)")]
                ).status == 200)
        }
        let token = try #require(try ControlPlane(connection: server.connection).listTokens(Slug(org.slug)).first)
        let lastUsed = try #require(token.lastUsedAt)
        #expect(abs(lastUsed.timeIntervalSinceNow) < 60)
    }

    @Test func acceptsTheLegacyTokenForItsOrganizationOnly() throws {
        let probe = try TestServer()
        let a = try probe.makeOrganization(token: false)
        let b = try probe.makeOrganization(token: false)
        probe.stop()
        let server = try TestServer(environment: [
            "SCIM_AUTH_TOKEN": "legacy-secret-123", "SCIM_AUTH_TOKEN_ORG": a.slug,
        ])
        defer { server.stop() }
        let client = try server.client()
        let auth = [("Authorization", "Bearer legacy-secret-123")]
        #expect(try client.request("GET", "/api/scim/v2/Schemas", host: a.host, headers: auth).status == 200)
        #expect(try client.request("GET", "/api/scim/v2/Schemas", host: b.host, headers: auth).status == 401)
    }

    @Test func logsRequestsWithoutSecrets() throws {
        let server = try TestServer()
        defer { server.stop() }
        let org = try server.makeOrganization()
        let client = try server.client()
        let response = try client.request(
            "GET", "/api/scim/v2/Schemas?attributes=id&token=\(org.secret!)", host: org.host,
            headers: [("Authorization", "Bearer \(org.secret!)")])
        #expect(response.status == 200)
        let requestID = try #require(response.header("X-Request-Id"))
        let lines = server.logLines.all
        let line = try #require(lines.first { $0.contains(requestID) })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["tenant"] as? String == org.slug)
        #expect(object["method"] as? String == "GET")
        #expect(object["path"] as? String == "/api/scim/v2/Schemas")
        #expect(object["status"] as? Int == 200)
        #expect(object["bytes"] as? Int == response.body.count)
        #expect(object["duration_ms"] is Double || object["duration_ms"] is Int)
        #expect(object["time"] is String)
        #expect(!lines.joined().contains(org.secret!))
    }
}
