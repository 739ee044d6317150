import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct CLITests {
    let url: String
    var env: [String: String] { ["DATABASE_URL": url] }

    init() throws {
        url = try TestDatabase.shared()
    }

    func roster(_ arguments: String...) throws -> RosterProcess.Output {
        try RosterProcess.run(arguments, environment: env)
    }

    func newSlug() -> String { TestDatabase.uniqueSlug("cli") }

    @Test func createsListsAndShowsOrganizations() throws {
        let slug = newSlug()
        let created = try roster(
            "org", "create", slug, "--name", "Acme Corp", "--plan", "enterprise",
            "--host", "\(slug).Example.com", "--host", "\(slug)-2.example.com")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("Created organization \(slug)"))
        let list = try roster("org", "list")
        #expect(list.status == 0)
        #expect(list.stdout.contains(slug))
        let json = try roster("org", "show", slug, "--json")
        #expect(json.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["slug"] as? String == slug)
        #expect(object["plan"] as? String == "enterprise")
        #expect(object["hosts"] as? [String] == ["\(slug)-2.example.com", "\(slug).example.com"])
        let listJSON = try roster("org", "list", "--json")
        let array = try #require(try JSONSerialization.jsonObject(with: Data(listJSON.stdout.utf8)) as? [[String: Any]])
        #expect(array.contains { $0["slug"] as? String == slug })
    }

    @Test func refusesBadUsageWithExit64() throws {
        let cases: [[String]] = [
            [], ["frobnicate"], ["org"], ["org", "create"],
            ["org", "create", "Bad_Slug", "--name", "x", "--plan", "team"],
            ["org", "create", newSlug(), "--name", "x", "--plan", "platinum"],
            ["org", "create", newSlug(), "--plan", "team"],
            ["org", "create", newSlug(), "--name", "x", "--plan", "team", "--bogus"],
            ["org", "create", newSlug(), "--name", "x", "--plan", "team", "--host", "bad host"],
            ["org", "show"], ["org", "show", "a", "b"], ["org", "set-plan", "acme", "gold"],
            ["org", "flag", "set", "acme", "unknown-flag"], ["org", "flag", "toggle", "acme", "api-beta"],
            ["token", "create", "acme", "--name", "x"], ["token", "create", "acme", "--name", "x", "--scope", "admin"],
            ["token", "create", "acme", "--name", "x", "--scope", "scim", "--expires-in", "0"],
            ["token", "revoke", "acme", "not-a-uuid"], ["serve", "--port", "99999"],
        ]
        for arguments in cases {
            let output = try RosterProcess.run(arguments, environment: env)
            #expect(output.status == 64, "\(arguments): \(output.stderr)")
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(output.stderr)")
            #expect(output.stderr.hasPrefix("roster: "), "\(arguments)")
        }
    }

    @Test func refusesUnknownOrganizationsAndDuplicatesWithExit1() throws {
        let slug = newSlug()
        #expect(
            try roster("org", "create", slug, "--name", "A", "--plan", "team", "--host", "\(slug).example.com").status
                == 0)
        let duplicate = try roster("org", "create", slug, "--name", "A", "--plan", "team")
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("already exists"))
        let other = newSlug()
        let hostTaken = try roster(
            "org", "create", other, "--name", "B", "--plan", "team", "--host", "\(slug).example.com")
        #expect(hostTaken.status == 1)
        #expect(hostTaken.stderr.contains("already belongs to organization '\(slug)'"))
        // The refused creation wrote nothing.
        #expect(try roster("org", "show", other).status == 1)
        let addTaken = try roster("org", "host", "add", slug, "\(slug).example.com")
        #expect(addTaken.status == 1)
        for arguments in [
            ["org", "show", "no-such-org"], ["org", "set-plan", "no-such-org", "team"],
            ["org", "host", "add", "no-such-org", "x.example.com"], ["org", "flag", "set", "no-such-org", "api-beta"],
            ["token", "list", "no-such-org"], ["token", "create", "no-such-org", "--name", "n", "--scope", "scim"],
        ] {
            let output = try RosterProcess.run(arguments, environment: env)
            #expect(output.status == 1, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains("no organization with slug 'no-such-org'"), "\(arguments)")
        }
    }

    @Test func managesPlansHostsAndFlags() throws {
        let slug = newSlug()
        #expect(try roster("org", "create", slug, "--name", "A", "--plan", "free").status == 0)
        #expect(try roster("org", "set-plan", slug, "business").stdout.contains("business"))
        #expect(try roster("org", "host", "add", slug, "\(slug).example.net").status == 0)
        #expect(try roster("org", "host", "remove", slug, "\(slug).example.net").status == 0)
        #expect(try roster("org", "host", "remove", slug, "\(slug).example.net").status == 1)
        #expect(try roster("org", "flag", "set", slug, "api-beta").status == 0)
        #expect(try roster("org", "flag", "list", slug).stdout == "api-beta\n")
        #expect(try roster("org", "flag", "unset", slug, "api-beta").status == 0)
        #expect(try roster("org", "flag", "list", slug).stdout == "")
        let help = try roster("org", "flag", "--help")
        #expect(help.status == 0)
        #expect(help.stdout.contains("api-beta"))
    }

    @Test func createsTokensOnlyForEnterpriseWithTheBetaAndNeverListsSecrets() throws {
        let slug = newSlug()
        #expect(try roster("org", "create", slug, "--name", "A", "--plan", "team").status == 0)
        let notEnterprise = try roster("token", "create", slug, "--name", "okta", "--scope", "scim")
        #expect(notEnterprise.status == 1)
        #expect(notEnterprise.stderr.contains("Enterprise plan"))
        #expect(try roster("org", "set-plan", slug, "enterprise").status == 0)
        let noBeta = try roster("token", "create", slug, "--name", "okta", "--scope", "scim")
        #expect(noBeta.status == 1)
        #expect(noBeta.stderr.contains("api-beta"))
        #expect(try roster("org", "flag", "set", slug, "api-beta").status == 0)

        let created = try roster(
            "token", "create", slug, "--name", "okta", "--description", "Okta provisioning",
            "--scope", "scim", "--expires-in", "90", "--json")
        #expect(created.status == 0, "\(created.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any])
        let secret = try #require(object["token"] as? String)
        let id = try #require(object["id"] as? String)
        #expect(secret.hasPrefix("roster_") && secret.count >= 50)
        let text = try roster("token", "create", slug, "--name", "entra", "--scope", "scim")
        #expect(text.status == 0)
        let textSecret = try #require(text.stdout.split(separator: "\n").last.map(String.init))
        #expect(textSecret.hasPrefix("roster_"))

        let list = try roster("token", "list", slug)
        let listJSON = try roster("token", "list", slug, "--json")
        for output in [list, listJSON] {
            #expect(output.status == 0)
            #expect(!output.stdout.contains(secret))
            #expect(!output.stdout.contains(textSecret))
            #expect(output.stdout.contains(id))
        }
        let tokens = try #require(
            try JSONSerialization.jsonObject(with: Data(listJSON.stdout.utf8)) as? [[String: Any]])
        #expect(tokens.count == 2)
        #expect(tokens.allSatisfy { $0["token"] == nil })

        // The database holds no secret in clear anywhere in the organization's schema.
        let connection = try Connection(url)
        let dump: String = try connection.query(
            """
            SELECT coalesce(string_agg(row_to_json(t)::text, ''), '')
            FROM \(ident: SQLIdentifier("org_" + slug.replacingOccurrences(of: "-", with: "_"))!).api_tokens t
            """)[0].decode(at: 0)
        #expect(!dump.contains(secret) && !dump.contains(textSecret))

        #expect(try roster("token", "revoke", slug, id).status == 0)
        let revoked = try roster("token", "list", slug, "--json")
        let after = try #require(try JSONSerialization.jsonObject(with: Data(revoked.stdout.utf8)) as? [[String: Any]])
        #expect(after.first { $0["id"] as? String == id }?["live"] as? Bool == false)
        #expect(try roster("token", "revoke", slug, UUID().uuidString).status == 1)
    }

    @Test func everyCommandHasHelp() throws {
        for arguments in [
            ["--help"], ["migrate", "--help"], ["serve", "--help"], ["org", "--help"],
            ["org", "create", "--help"], ["org", "list", "--help"], ["org", "show", "--help"],
            ["org", "set-plan", "--help"], ["org", "host", "--help"], ["org", "flag", "--help"], ["token", "--help"],
            ["token", "create", "--help"], ["token", "list", "--help"], ["token", "revoke", "--help"],
        ] {
            let output = try RosterProcess.run(arguments, environment: env)
            #expect(output.status == 0, "\(arguments)")
            #expect(output.stdout.contains("Usage: roster"), "\(arguments)")
        }
    }

    @Test func twoConcurrentMigrationsBothSucceed() throws {
        let fresh = try TestDatabase.create(prefix: "cli")
        let results = ProcessResults()
        let threads = (0..<2).map { _ in
            Thread { results.append(try? RosterProcess.run(["migrate"], environment: ["DATABASE_URL": fresh])) }
        }
        threads.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(120)
        while results.count < 2 && Date() < deadline { usleep(50_000) }
        #expect(results.statuses == [0, 0])
        let connection = try Connection(fresh)
        let rows: Int = try connection.query("SELECT count(*) FROM roster.migrations")[0].decode(at: 0)
        #expect(rows == Migrations.control.count)
    }

    @Test func reportsAnUnreachableDatabaseWithExit69() throws {
        let output = try RosterProcess.run(
            ["org", "list"], environment: ["DATABASE_URL": "host=127.0.0.1 port=1 user=x dbname=x connect_timeout=2"])
        #expect(output.status == 69)
        #expect(output.stderr.contains("cannot reach the database"))
    }
}

final class ProcessResults: @unchecked Sendable {
    private let lock = NSLock()
    private var outputs: [RosterProcess.Output?] = []
    func append(_ output: RosterProcess.Output?) { lock.withLock { outputs.append(output) } }
    var count: Int { lock.withLock { outputs.count } }
    var statuses: [Int32?] { lock.withLock { outputs.map { $0?.status } } }
}

@Suite struct ServeCommandTests {
    @Test func refusesAShortLegacyToken() throws {
        let url = try TestDatabase.shared()
        let output = try RosterProcess.run(
            ["serve", "--port", "0"], environment: ["DATABASE_URL": url, "SCIM_AUTH_TOKEN": "short"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("SCIM_AUTH_TOKEN must be at least 10 characters"))
        let noOrg = try RosterProcess.run(
            ["serve", "--port", "0"], environment: ["DATABASE_URL": url, "SCIM_AUTH_TOKEN": "long-enough-secret"])
        #expect(noOrg.status != 0)
        #expect(noOrg.stderr.contains("SCIM_AUTH_TOKEN_ORG"))
    }
}
