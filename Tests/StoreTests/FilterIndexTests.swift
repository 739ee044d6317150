import Foundation
import Postgres
import SCIM
import TestSupport
import Testing

@testable import Store

/// The identity providers' lookups use an index on an organization with 100,000 users (EXPLAIN).
@Suite struct FilterIndexTests {
    @Test func identityProviderLookupsUseIndexes() throws {
        let connection = try TestDatabase.connectShared()
        let plane = ControlPlane(connection: connection)
        let slug = try Slug(TestDatabase.uniqueSlug("big"))
        let org = try plane.createOrganization(slug: slug, name: "Big", plan: .enterprise, hosts: [])
        let schema = try #require(SQLIdentifier(org.schemaName))
        try connection.execute(
            """
            INSERT INTO \(ident: schema).users (user_name, external_id, attributes, email_values, updated_at)
            SELECT 'user' || g || '@big.test', 'ext-' || g,
                   jsonb_build_object('userName', 'user' || g || '@big.test', 'emails',
                       jsonb_build_array(jsonb_build_object('value', 'user' || g || '@big.test', 'type', 'work'))),
                   ARRAY['user' || g || '@big.test'], now() - make_interval(secs => g)
            FROM generate_series(1, 100000) g
            """)
        try connection.execute("ANALYZE \(ident: schema).users")
        let tenant = Tenant(organizationID: org.id, slug: org.slug, plan: .enterprise, schema: schema, flags: [])
        let cases: [(String, String)] = [
            (#"userName eq "USER77@big.test""#, "users_user_name_key"),
            (#"externalId eq "ext-4242""#, "users_external_id_idx"),
            (#"emails.value eq "User123@Big.test""#, "users_email_values_idx"),
            (#"emails[type eq "work" and value eq "user9@big.test"]"#, "users_email_values_idx"),
            (#"emails[type eq "work"].value eq "user9@big.test""#, "users_email_values_idx"),
            (#"meta.lastModified gt "2099-01-01T00:00:00Z""#, "users_updated_at_idx"),
            (#"id eq "6f1c1b8e-4a53-4c4c-9a3f-1f7f3d9d2a10""#, "users_pkey"),
        ]
        for (text, index) in cases {
            let filter = try FilterParser.parse(text).resolve(against: .user)
            var query: Query = "EXPLAIN SELECT id FROM \(ident: schema).users WHERE "
            query.append(FilterSQL.users.condition(filter))
            let plan = try connection.query(query).rows.map { try $0.decode(String.self, at: 0) }.joined(
                separator: "\n")
            #expect(plan.contains(index), "\(text):\n\(plan)")
            #expect(!plan.contains("Seq Scan"), "\(text):\n\(plan)")
        }
        // Group lookups: displayName eq (case-insensitive) and members.value eq, with 2,000 groups.
        try connection.execute(
            """
            INSERT INTO \(ident: schema).groups (display_name, external_id)
            SELECT 'Group ' || g, 'gext-' || g FROM generate_series(1, 2000) g
            """)
        try connection.execute(
            """
            INSERT INTO \(ident: schema).group_members (group_id, user_id)
            SELECT g.id, u.id FROM (SELECT id FROM \(ident: schema).groups WHERE system_role IS NULL LIMIT 200) g,
                   (SELECT id FROM \(ident: schema).users ORDER BY id LIMIT 50) u
            """)
        try connection.execute("ANALYZE \(ident: schema).groups")
        try connection.execute("ANALYZE \(ident: schema).group_members")
        let member: UUID = try connection.query("SELECT id FROM \(ident: schema).users ORDER BY id LIMIT 1")[0].decode(
            at: 0)
        let groupCases: [(String, [String])] = [
            (#"displayName eq "group 1234""#, ["groups_display_name_key"]),
            (#"externalId eq "gext-77""#, ["groups_external_id_idx"]),
            (
                "members.value eq \"\(member.uuidString.lowercased())\"",
                ["group_members_pkey", "group_members_user_id_idx"]
            ),
        ]
        for (text, indexes) in groupCases {
            let filter = try FilterParser.parse(text).resolve(against: .group)
            var query: Query = "EXPLAIN SELECT id FROM \(ident: schema).groups WHERE "
            query.append(FilterSQL.groups(schema: schema).condition(filter))
            let plan = try connection.query(query).rows.map { try $0.decode(String.self, at: 0) }.joined(
                separator: "\n")
            #expect(indexes.contains { plan.contains($0) }, "\(text):\n\(plan)")
        }

        // And the repository answers them.
        let repository = UserRepository(connection: connection, tenant: tenant)
        let found = try repository.list(
            FilterParser.parse(#"emails.value eq "USER123@big.test""#).resolve(against: .user), startIndex: 1, count: 10
        )
        #expect(found.total == 1)
        #expect(found.users.first?.userName == "user123@big.test")
    }
}
