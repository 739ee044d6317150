import Foundation
import Postgres
import Store

/// `roster selftest SLUG`: replays an Okta-style and an Entra-style provisioning sequence against the
/// organization's own SCIM endpoint on a running server, with a temporary token, and reports each step.
///
/// It leaves nothing behind: the users and groups it made (named `roster-selftest-<random>…`) are deleted
/// through SCIM and then, whatever happened, from the database, together with every `provisioning_log` and
/// `request_errors` row written with the temporary token and the token row itself (which also expires after a
/// day, should the process be killed before its cleanup). Exit status: 0 every step passed, 1 some failed (or
/// the organization cannot get a token: not Enterprise, no api-beta), 69 the server could not be reached.
enum SelftestCommand {
    static func run(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.selftest) }
        let args = try Arguments(words, options: ["url", "host"], switches: [])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let environment = context.environment
        let port = [environment["ROSTER_HTTP_PORT"], environment["PORT"]].compactMap { $0 }.first { !$0.isEmpty }
        let url = try args.value("url") ?? "http://127.0.0.1:\(port ?? "8080")"
        let requestedHost = try args.value("host")

        try context.withDatabase { connection in
            try Migrator(connection: connection).migrate()
            let plane = ControlPlane(connection: connection)
            let org = try plane.organization(slug)
            guard let host = requestedHost ?? org.hosts.first else {
                throw StoreError.refused("organization '\(slug)' has no host name: add one or pass --host")
            }
            guard let schema = SQLIdentifier(org.schemaName) else {
                throw StoreError.invalid("organization '\(slug)' has an invalid schema name")
            }
            let client = try SelftestClient(url: url, host: host)
            let marker = "roster-selftest-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            context.console.out("roster selftest \(slug): \(url) with Host: \(host)")
            let token: (token: APIToken, secret: Secret)
            do {
                token = try plane.createToken(
                    slug, name: marker, description: "temporary token of roster selftest, deleted when it ends",
                    scopes: [.scim], expiresInDays: 1)
            } catch StoreError.refused(let reason) {
                context.console.out("  FAIL  setup     create a temporary SCIM token — \(reason)")
                throw SelftestFailure(
                    status: RosterCLI.ExitCode.refused.rawValue, message: "selftest failed: \(reason)")
            }
            let run = SelftestRun(client: client, token: token.secret.value, marker: marker) { context.console.out($0) }
            var unreachable: SelftestClient.Unreachable?
            do throws(SelftestClient.Unreachable) {
                try run.okta()
                try run.entra()
            } catch {
                unreachable = error
                context.console.out("  FAIL  cannot reach \(url): \(error.message)")
            }
            let removed = try cleanUp(run, tokenID: token.token.id, schema: schema, on: connection)
            context.console.out("  cleanup: \(removed)")
            if let unreachable {
                throw SelftestFailure(
                    status: RosterCLI.ExitCode.unavailable.rawValue,
                    message: "the server at \(url) could not be reached: \(unreachable.message)")
            }
            let total = run.outcomes.count
            guard run.failed == 0 else {
                throw SelftestFailure(
                    status: RosterCLI.ExitCode.refused.rawValue, message: "\(run.failed) of \(total) steps failed")
            }
            context.console.out("roster selftest \(slug): all \(total) steps passed")
        }
    }

    /// Deletes what the run made: through SCIM first (best effort), then from the database in one transaction.
    static func cleanUp(
        _ run: SelftestRun, tokenID: UUID, schema: SQLIdentifier, on connection: Connection
    ) throws -> String {
        for id in run.groups {
            _ = try? run.client.send(
                "DELETE", "/api/scim/v2/Groups/\(id)", token: run.token, userAgent: "roster selftest")
        }
        for id in run.users {
            _ = try? run.client.send(
                "DELETE", "/api/scim/v2/Users/\(id)", token: run.token, userAgent: "roster selftest")
        }
        run.client.close()
        // Names start with the run's random marker, so this matches nothing else (it holds no LIKE wildcard).
        let pattern = run.marker + "%"
        return try connection.withTransaction { conn in
            let groups = try conn.execute(
                "DELETE FROM \(ident: schema).groups WHERE display_name LIKE \(pattern) AND system_role IS NULL")
            let users = try conn.execute("DELETE FROM \(ident: schema).users WHERE user_name LIKE \(pattern)")
            let log = try conn.execute("DELETE FROM \(ident: schema).provisioning_log WHERE token_id = \(tokenID)")
            let errors = try conn.execute("DELETE FROM \(ident: schema).request_errors WHERE token_id = \(tokenID)")
            let tokens = try conn.execute("DELETE FROM \(ident: schema).api_tokens WHERE id = \(tokenID)")
            return "deleted \(log) provisioning_log rows, \(errors) request_errors rows, \(tokens) temporary token"
                + (users + groups > 0 ? ", and \(users) users and \(groups) groups SCIM had not deleted" : "")
        }
    }
}

/// `roster selftest` ends with a status of its own: 1 when a step failed, 69 when the server was unreachable.
struct SelftestFailure: Error {
    let status: Int32
    let message: String
}
