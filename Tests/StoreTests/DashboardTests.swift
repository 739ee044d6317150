import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// The views of `sql/dashboards.sql` on a seeded database: five organizations with users, provisioning
/// writes inside and outside the 30-day window, failed requests, and tokens that are live, used, unused,
/// expired and revoked. Every view is read and its rows compared with what the seed implies.
@Suite struct DashboardTests {
    let url: String
    let connection: Connection
    let plane: ControlPlane
    let today: String
    let yesterday: String

    init() throws {
        url = try TestDatabase.createMigrated(prefix: "dash")
        connection = try Connection(url)
        plane = ControlPlane(connection: connection)
        let days = try connection.query(
            """
            SELECT ((now() AT TIME ZONE 'UTC')::date)::text,
                   (((now() - interval '1 day') AT TIME ZONE 'UTC')::date)::text
            """)[0]
        today = try days.decode(at: 0)
        yesterday = try days.decode(at: 1)
    }

    /// Creates the five organizations; returns alpha's token ids by name.
    func seed() throws -> [String: UUID] {
        for (slug, plan, beta) in [
            ("alpha", Plan.enterprise, true), ("bravo", .enterprise, true), ("charlie", .enterprise, false),
            ("delta", .team, false), ("echo", .enterprise, true),
        ] {
            _ = try plane.createOrganization(slug: Slug(slug), name: slug.capitalized, plan: .enterprise, hosts: [])
            if beta { _ = try plane.setFlag(Slug(slug), .apiBeta) }
            if plan != .enterprise { _ = try plane.setPlan(Slug(slug), plan) }
        }
        var tokens: [String: UUID] = [:]
        for name in ["okta", "old", "revoked"] {
            tokens[name] = try plane.createToken(Slug("alpha"), name: name, scopes: [.scim]).token.id
        }
        tokens["spare"] = try plane.createToken(Slug("alpha"), name: "spare", scopes: [.scim], expiresInDays: 10).token
            .id
        let bravoToken = try plane.createToken(Slug("bravo"), name: "okta", scopes: [.scim]).token.id
        try connection.execute(
            "UPDATE org_alpha.api_tokens SET last_used_at = now() - interval '1 hour' WHERE name = 'okta'")
        try connection.execute(
            "UPDATE org_alpha.api_tokens SET expires_at = now() - interval '2 days 1 hour' WHERE name = 'old'")
        _ = try plane.revokeToken(Slug("alpha"), id: tokens["revoked"]!)
        try connection.execute(
            "UPDATE org_bravo.api_tokens SET last_used_at = now() - interval '40 days' WHERE id = \(bravoToken)")

        try connection.executeScript(
            unsafeSQL: """
                INSERT INTO org_alpha.users (user_name, active) VALUES ('a1', true), ('a2', true), ('a3', false);
                INSERT INTO org_bravo.users (user_name, active) VALUES ('b1', true);
                INSERT INTO org_alpha.provisioning_log (at, resource_type, operation, rewrites, idp) VALUES
                    (now(), 'User', 'create', '{}', 'Okta SCIM Client 1.0.0'),
                    (now(), 'User', 'create', '{}', 'Okta SCIM Client 1.0.0'),
                    (now(), 'User', 'patch', '{"operation 1: op ''Replace'' read as ''replace''"}',
                     'Microsoft.Identity.Provisioning'),
                    (now() - interval '1 day', 'Group', 'create', '{}', NULL),
                    (now() - interval '40 days', 'User', 'create', '{}', 'Okta SCIM Client 1.0.0');
                INSERT INTO org_bravo.provisioning_log (at, resource_type, operation, idp) VALUES
                    (now() - interval '40 days', 'User', 'create', 'Okta SCIM Client 1.0.0');
                INSERT INTO org_echo.provisioning_log (at, resource_type, operation, idp) VALUES
                    (now(), 'User', 'delete', 'curl/8.0');
                INSERT INTO org_alpha.request_errors (day, token_id, idp, status, scim_type, last_request, last_detail)
                VALUES ((now() AT TIME ZONE 'UTC')::date - 100, gen_random_uuid(), 'okta', 400, '', 'GET /Users', 'old');
                """)
        let alpha = try #require(SQLIdentifier("org_alpha"))
        for _ in 0..<2 {
            try RequestErrorLog.record(
                connection, schema: alpha, tokenID: tokens["okta"], userAgent: "Okta SCIM Client 1.0.0", status: 400,
                scimType: "invalidFilter", request: "GET /api/scim/v2/Users", detail: "bad filter at 9")
        }
        try RequestErrorLog.record(
            connection, schema: alpha, tokenID: tokens["okta"], userAgent: "Microsoft Azure AD SCIM", status: 409,
            scimType: "uniqueness", request: "POST /api/scim/v2/Users", detail: "userName exists")
        try RequestErrorLog.record(
            connection, schema: try #require(SQLIdentifier("org_echo")), tokenID: nil, userAgent: nil, status: 404,
            scimType: nil, request: "GET /api/scim/v2/Users/x", detail: "no such user")
        try collect()
        return tokens
    }

    /// One forced collection run, as `roster serve` makes them.
    func collect() throws {
        let collector = StatsCollector(connectionString: url) { _ in }
        #expect(try collector.collectIfDue(force: true) == 5)
    }

    func rows(_ sql: String) throws -> [[String: String?]] {
        let result = try connection.query(Query(unsafeSQL: sql))
        return try result.rows.map { row in
            var values: [String: String?] = [:]
            for (index, name) in result.columnNames.enumerated() {
                values[name] = try row.decode(String?.self, at: index)
            }
            return values
        }
    }

    @Test func provisioningActivityCountsWritesOfTheLast30DaysPerDayDialectAndOperation() throws {
        _ = try seed()
        let found = try rows(
            """
            SELECT day::text, slug, idp, resource_type, operation, writes::text, rewritten_writes::text
            FROM roster.provisioning_activity_daily ORDER BY slug, day DESC, idp, operation
            """)
        let expected: [[String: String?]] = [
            [
                "day": today, "slug": "alpha", "idp": "entra", "resource_type": "User", "operation": "patch",
                "writes": "1", "rewritten_writes": "1",
            ],
            [
                "day": today, "slug": "alpha", "idp": "okta", "resource_type": "User", "operation": "create",
                "writes": "2", "rewritten_writes": "0",
            ],
            [
                "day": yesterday, "slug": "alpha", "idp": "unknown", "resource_type": "Group", "operation": "create",
                "writes": "1", "rewritten_writes": "0",
            ],
            [
                "day": today, "slug": "echo", "idp": "other", "resource_type": "User", "operation": "delete",
                "writes": "1", "rewritten_writes": "0",
            ],
        ]
        #expect(found == expected)
        // The next collection recomputes from the day of the previous one: a new write today is counted once,
        // yesterday's row stays, and nothing older than the first collection's 30 days was ever collected.
        try connection.execute(
            "INSERT INTO org_alpha.provisioning_log (resource_type, operation, idp) VALUES ('User', 'create', 'Okta')")
        try collect()
        let again = try rows(
            """
            SELECT day::text, writes::text FROM roster.provisioning_activity_daily
            WHERE slug = 'alpha' AND operation = 'create' ORDER BY day DESC
            """)
        #expect(again == [["day": today, "writes": "3"], ["day": yesterday, "writes": "1"]])
        let old: Int = try connection.query(
            "SELECT count(*) FROM roster.activity_daily WHERE day < (now() AT TIME ZONE 'UTC')::date - 29")[0]
            .decode(at: 0)
        #expect(old == 0)
    }

    @Test func requestErrorsAreCountedPerTokenDialectAndErrorAndOldRowsPruned() throws {
        _ = try seed()
        let daily = try rows(
            """
            SELECT slug, token_name, idp, status::text, scim_type, errors::text, last_detail,
                   (token_id IS NULL)::text AS legacy
            FROM roster.request_errors_daily ORDER BY slug, status
            """)
        #expect(
            daily == [
                [
                    "slug": "alpha", "token_name": "okta", "idp": "okta", "status": "400", "scim_type": "invalidFilter",
                    "errors": "2", "last_detail": "bad filter at 9", "legacy": "false",
                ],
                [
                    "slug": "alpha", "token_name": "okta", "idp": "entra", "status": "409", "scim_type": "uniqueness",
                    "errors": "1", "last_detail": "userName exists", "legacy": "false",
                ],
                [
                    "slug": "echo", "token_name": nil, "idp": "unknown", "status": "404", "scim_type": "",
                    "errors": "1", "last_detail": "no such user", "legacy": "true",
                ],
            ])
        let stale: Int = try connection.query(
            "SELECT count(*) FROM org_alpha.request_errors WHERE day < now()::date - 30")[0].decode(at: 0)
        #expect(stale == 0)
        let byDialect = try rows(
            "SELECT idp, status::text, errors::text, organizations::text FROM roster.idp_errors_30d ORDER BY idp")
        #expect(
            byDialect == [
                ["idp": "entra", "status": "409", "errors": "1", "organizations": "1"],
                ["idp": "okta", "status": "400", "errors": "2", "organizations": "1"],
                ["idp": "unknown", "status": "404", "errors": "1", "organizations": "1"],
            ])
    }

    @Test func listsEnterpriseOrganizationsIdleFor30Days() throws {
        _ = try seed()
        let idle = try rows(
            """
            SELECT slug, live_scim_tokens::text, (last_provisioning_at IS NULL)::text AS never_provisioned,
                   (last_token_use_at IS NULL)::text AS token_never_used
            FROM roster.scim_idle_organizations ORDER BY slug
            """)
        #expect(
            idle == [
                ["slug": "bravo", "live_scim_tokens": "1", "never_provisioned": "false", "token_never_used": "false"],
                ["slug": "charlie", "live_scim_tokens": "0", "never_provisioned": "true", "token_never_used": "true"],
            ])
    }

    @Test func showsEveryTokenWithItsStateUseAndExpiry() throws {
        _ = try seed()
        let tokens = try rows(
            """
            SELECT slug, name, state, never_used::text, days_until_expiry::text, (revoked_at IS NOT NULL)::text AS revoked
            FROM roster.api_tokens_overview ORDER BY slug, name
            """)
        #expect(
            tokens == [
                [
                    "slug": "alpha", "name": "okta", "state": "live", "never_used": "false", "days_until_expiry": nil,
                    "revoked": "false",
                ],
                [
                    "slug": "alpha", "name": "old", "state": "expired", "never_used": "true", "days_until_expiry": "-2",
                    "revoked": "false",
                ],
                [
                    "slug": "alpha", "name": "revoked", "state": "revoked", "never_used": "true",
                    "days_until_expiry": nil, "revoked": "true",
                ],
                [
                    "slug": "alpha", "name": "spare", "state": "live", "never_used": "true", "days_until_expiry": "10",
                    "revoked": "false",
                ],
                [
                    "slug": "bravo", "name": "okta", "state": "live", "never_used": "false", "days_until_expiry": nil,
                    "revoked": "false",
                ],
            ])
        // Never a secret or its hash.
        let columns = try connection.query("SELECT * FROM roster.api_tokens_overview LIMIT 0").columnNames
        #expect(!columns.contains("token_hash"))
    }

    @Test func recordsBillableUsersPerDayKeepingThePeak() throws {
        _ = try seed()
        let now = try rows(
            "SELECT slug, billable_users::text, deactivated_users::text FROM roster.billable_users_now ORDER BY slug")
        #expect(
            now.map { [$0["slug"], $0["billable_users"], $0["deactivated_users"]] } == [
                ["alpha", "2", "1"], ["bravo", "1", "0"], ["charlie", "0", "0"], ["delta", "0", "0"],
                ["echo", "0", "0"],
            ])
        try connection.execute("UPDATE org_alpha.users SET active = false WHERE user_name = 'a2'")
        try collect()
        let daily = try rows(
            """
            SELECT day::text, slug, plan, billable_users::text, peak_billable_users::text, deactivated_users::text,
                   snapshots::text
            FROM roster.billable_users_daily WHERE slug IN ('alpha', 'bravo', 'delta') ORDER BY slug
            """)
        #expect(
            daily == [
                [
                    "day": today, "slug": "alpha", "plan": "enterprise", "billable_users": "1",
                    "peak_billable_users": "2", "deactivated_users": "2", "snapshots": "2",
                ],
                [
                    "day": today, "slug": "bravo", "plan": "enterprise", "billable_users": "1",
                    "peak_billable_users": "1", "deactivated_users": "0", "snapshots": "2",
                ],
                [
                    "day": today, "slug": "delta", "plan": "team", "billable_users": "0",
                    "peak_billable_users": "0", "deactivated_users": "0", "snapshots": "2",
                ],
            ])
        let live: Int = try connection.query("SELECT billable_users FROM roster.org_usage WHERE slug = 'alpha'")[0]
            .decode(at: 0)
        #expect(live == 1)
        let freshness = try rows(
            """
            SELECT organizations::text, not_collected::text, (last_run_finished_at IS NOT NULL)::text AS done
            FROM roster.dashboard_freshness
            """)
        #expect(freshness == [["organizations": "5", "not_collected": "0", "done": "true"]])
    }

    @Test func oneProcessClaimsACollectionRunPerInterval() throws {
        _ = try seed()
        let collector = StatsCollector(connectionString: url) { _ in }
        // The forced runs of seed() claimed nothing; the first claim wins, the next within 5 minutes does not.
        #expect(try collector.collectIfDue() == 5)
        #expect(try collector.collectIfDue() == nil)
        let claimed: Bool = try connection.query("SELECT roster.claim_stats_collection(interval '0')")[0]
            .decode(at: 0)
        #expect(claimed)
    }

    @Test func migrateInstallsTheDashboardsOnceAndAgainWhenTheFileChanges() throws {
        let digest = SHA256.hex(SHA256.hash(Migrations.dashboards.sql))
        let first = try connection.query("SELECT sha256, installed_at::text FROM roster.installed_scripts")
        #expect(first.count == 1)
        #expect(try first[0].decode(String.self, at: 0) == digest)
        try Migrator(connection: connection).migrate()
        let again: String = try connection.query("SELECT installed_at::text FROM roster.installed_scripts")[0]
            .decode(at: 0)
        #expect(again == (try first[0].decode(String.self, at: 1)))
        // A different recorded text (an older binary's) makes migrate install this one.
        try connection.execute("UPDATE roster.installed_scripts SET sha256 = 'older'")
        try connection.execute("DROP VIEW roster.api_tokens_overview")
        try Migrator(connection: connection).migrate()
        let restored: String = try connection.query("SELECT sha256 FROM roster.installed_scripts")[0].decode(at: 0)
        #expect(restored == digest)
        let views: Int = try connection.query(
            "SELECT count(*) FROM pg_views WHERE schemaname = 'roster' AND viewname = 'api_tokens_overview'")[0]
            .decode(at: 0)
        #expect(views == 1)
    }
}
