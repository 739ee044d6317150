import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// `roster selftest` as a child process against an in-process server on a database of its own.
@Suite struct SelftestTests {
    let url: String
    let server: TestServer

    init() throws {
        url = try TestDatabase.createMigrated(prefix: "selftest")
        server = try TestServer(databaseURL: url)
    }

    func selftest(_ arguments: String...) throws -> RosterProcess.Output {
        try RosterProcess.run(["selftest"] + arguments, environment: ["DATABASE_URL": url], timeout: 120)
    }

    /// Every row of the organization's tables that a selftest could touch, as text.
    func state(_ slug: String) throws -> String {
        let schema = "org_" + slug.replacingOccurrences(of: "-", with: "_")
        var text = ""
        for query in [
            "SELECT id, user_name, active, version, updated_at, attributes FROM \(schema).users ORDER BY id",
            "SELECT id, display_name, version, updated_at FROM \(schema).groups ORDER BY id",
            "SELECT group_id, user_id FROM \(schema).group_members ORDER BY 1, 2",
            "SELECT id, operation, resource_id, token_id FROM \(schema).provisioning_log ORDER BY id",
            "SELECT id, name, revoked_at, expires_at FROM \(schema).api_tokens ORDER BY id",
            "SELECT day, token_id, idp, status, errors FROM \(schema).request_errors ORDER BY 1, 2, 3, 4",
        ] {
            let result = try server.connection.query(Query(unsafeSQL: query))
            for row in result.rows {
                let values = try (0..<result.columnCount).map { try row.decode(String?.self, at: $0) ?? "NULL" }
                text += values.joined(separator: "|") + "\n"
            }
            text += "--\n"
        }
        return text
    }

    @Test func passesAgainstARealServerAndLeavesNoTrace() throws {
        defer { server.stop() }
        let org = try server.makeOrganization()
        // Existing data of the organization, which the selftest must leave exactly as it is.
        let client = try server.client()
        let headers = [
            ("Authorization", "Bearer \(org.secret ?? "")"), ("Content-Type", "application/scim+json"),
        ]
        let user = try client.request(
            "POST", "/api/scim/v2/Users", host: org.host, headers: headers,
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"keep@example.com"}"#)
        #expect(user.status == 201)
        let group = try client.request(
            "POST", "/api/scim/v2/Groups", host: org.host, headers: headers,
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Keep"}"#)
        #expect(group.status == 201)
        let before = try state(org.slug)

        let output = try selftest(org.slug, "--url", "http://127.0.0.1:\(server.port)")
        print(output.stdout)
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        #expect(!output.stdout.contains("FAIL"), "\(output.stdout)")
        let passed = output.stdout.components(separatedBy: "\n").filter { $0.hasPrefix("  PASS") }
        #expect(passed.count >= 25, "\(output.stdout)")
        #expect(output.stdout.contains("all \(passed.count) steps passed"))
        #expect(output.stdout.contains("1 temporary token"))
        #expect(try state(org.slug) == before)
    }

    @Test func failsClearlyWhenTheOrganizationCannotHaveSCIM() throws {
        defer { server.stop() }
        let team = try server.makeOrganization(plan: .team, token: false)
        let teamBefore = try state(team.slug)
        let onTeam = try selftest(team.slug, "--url", "http://127.0.0.1:\(server.port)")
        #expect(onTeam.status == 1)
        #expect(onTeam.stdout.contains("FAIL  setup"))
        #expect(onTeam.stdout.contains("Enterprise plan"))
        #expect(try state(team.slug) == teamBefore)

        let noBeta = try server.makeOrganization(beta: false, token: false)
        let betaOff = try selftest(noBeta.slug, "--url", "http://127.0.0.1:\(server.port)")
        #expect(betaOff.status == 1)
        #expect(betaOff.stdout.contains("api-beta"))
    }

    @Test func reportsFailedStepsAndStillCleansUp() throws {
        defer { server.stop() }
        // The requests go to another organization's host, where the temporary token is unknown: every
        // step fails with 401, and the cleanup still removes the token.
        let org = try server.makeOrganization()
        let other = try server.makeOrganization()
        let before = try state(org.slug)
        let otherBefore = try state(other.slug)
        let output = try selftest(org.slug, "--url", "http://127.0.0.1:\(server.port)", "--host", other.host)
        #expect(output.status == 1, "\(output.stdout)")
        #expect(output.stdout.contains("FAIL  okta 1"))
        #expect(output.stdout.contains("got 401"))
        #expect(output.stderr.contains("steps failed"))
        #expect(try state(org.slug) == before)
        #expect(try state(other.slug) == otherBefore)
    }

    @Test func exits69WhenTheServerIsUnreachable() throws {
        defer { server.stop() }
        let org = try server.makeOrganization()
        let before = try state(org.slug)
        let output = try selftest(org.slug, "--url", "http://127.0.0.1:1")
        #expect(output.status == 69, "\(output.stdout)\n\(output.stderr)")
        #expect(output.stderr.contains("could not be reached"))
        #expect(try state(org.slug) == before)
    }
}
