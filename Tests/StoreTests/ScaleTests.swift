import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct ScaleTests {
    @Test func twoHundredOrganizationsGetTwoHundredSchemasAndUsageRows() throws {
        let connection = try Connection(try TestDatabase.createMigrated(prefix: "scale"))
        let plane = ControlPlane(connection: connection)
        for index in 0..<200 {
            _ = try plane.createOrganization(
                slug: Slug("org-\(index)"), name: "Org \(index)", plan: index % 2 == 0 ? .enterprise : .team,
                hosts: [HostName("org-\(index).example.com")])
        }
        let schemas: Int = try connection.query(
            "SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'org\\_%'")[0].decode(at: 0)
        #expect(schemas == 200)
        let defaultGroups = try connection.query(
            """
            SELECT count(*) FILTER (WHERE groups = 4), count(*) FROM roster.org_usage
            """)[0]
        #expect(try defaultGroups.decode(Int.self, at: 0) == 200)
        #expect(try defaultGroups.decode(Int.self, at: 1) == 200)

        // Usage follows the data at once: two users (one deactivated) and a log row in org-7.
        try connection.execute(
            """
            INSERT INTO org_org_7.users (user_name, active) VALUES ('a', true), ('b', false)
            """)
        try connection.execute(
            "INSERT INTO org_org_7.provisioning_log (resource_type, operation) VALUES ('User', 'create')")
        let usage = try connection.query(
            """
            SELECT plan, active_users, billable_users, deactivated_users, groups, live_tokens,
                   last_provisioning_at IS NOT NULL
            FROM roster.org_usage WHERE slug = 'org-7'
            """)[0]
        #expect(try usage.decode(String.self, at: 0) == "team")
        #expect(try usage.decode(Int.self, at: 1) == 1)
        #expect(try usage.decode(Int.self, at: 2) == 1)
        #expect(try usage.decode(Int.self, at: 3) == 1)
        #expect(try usage.decode(Int.self, at: 4) == 4)
        #expect(try usage.decode(Int.self, at: 5) == 0)
        #expect(try usage.decode(Bool.self, at: 6))
    }
}
