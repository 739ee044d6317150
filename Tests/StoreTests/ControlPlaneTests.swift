import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct ControlPlaneTests {
    let connection: Connection
    let plane: ControlPlane

    init() throws {
        connection = try TestDatabase.connectShared()
        plane = ControlPlane(connection: connection)
    }

    func makeOrg(plan: Plan = .enterprise, hosts: [String] = [], beta: Bool = false) throws -> Organization {
        let slug = try Slug(TestDatabase.uniqueSlug())
        _ = try plane.createOrganization(
            slug: slug, name: "Test \(slug)", plan: plan, hosts: try hosts.map { try HostName($0) })
        if beta { _ = try plane.setFlag(slug, .apiBeta) }
        return try plane.organization(slug)
    }

    @Test func createsAnOrganizationWithItsSchemaDefaultGroupsAndHosts() throws {
        let host = "\(UUID().uuidString.prefix(8).lowercased()).Example.com"
        let org = try makeOrg(hosts: [host])
        #expect(org.hosts == [host.lowercased()])
        #expect(org.plan == .enterprise)
        let schema = try #require(SQLIdentifier(org.schemaName))
        let groups = try connection.query("SELECT display_name FROM \(ident: schema).groups ORDER BY display_name")
        #expect(
            Set(try groups.rows.map { try $0.decode(String.self, at: 0) }) == [
                "admin", "All Users", "editor", "viewer",
            ])
        let version: Int = try connection.query("SELECT max(version) FROM \(ident: schema).schema_version")[0].decode(
            at: 0)
        #expect(version == Migrations.tenantVersion)
    }

    @Test func refusesDuplicateSlugsAndHostsWithoutWritingAnything() throws {
        let host = "\(UUID().uuidString.prefix(8).lowercased()).example.com"
        let org = try makeOrg(hosts: [host])
        #expect(throws: StoreError.self) {
            try plane.createOrganization(slug: Slug(org.slug), name: "Again", plan: .free, hosts: [])
        }
        let other = try Slug(TestDatabase.uniqueSlug())
        let error = #expect(throws: StoreError.self) {
            try plane.createOrganization(slug: other, name: "Other", plan: .free, hosts: [HostName(host.uppercased())])
        }
        #expect(error?.description.contains("already belongs to organization '\(org.slug)'") == true)
        // The failed creation left no organization and no schema behind.
        #expect(throws: StoreError.self) { try plane.organization(other) }
        let schemas: Int = try connection.query(
            "SELECT count(*) FROM pg_namespace WHERE nspname = \(other.schemaName)")[0].decode(at: 0)
        #expect(schemas == 0)
    }

    @Test func managesHostsPlansAndFlags() throws {
        let org = try makeOrg(plan: .team)
        let slug = try Slug(org.slug)
        let host = try HostName("\(org.slug).example.org")
        #expect(try plane.addHost(slug, host).hosts == [host.value])
        #expect(throws: StoreError.self) { try plane.addHost(slug, host) }
        #expect(try plane.removeHost(slug, host).hosts.isEmpty)
        #expect(throws: StoreError.self) { try plane.removeHost(slug, host) }
        #expect(try plane.setPlan(slug, .business).plan == .business)
        #expect(try plane.setFlag(slug, .apiBeta).flags == ["api-beta"])
        #expect(try plane.setFlag(slug, .apiBeta).flags == ["api-beta"])
        #expect(try plane.unsetFlag(slug, .apiBeta).flags == [])
        #expect(throws: StoreError.self) { try plane.setPlan(Slug("no-such-org-x"), .free) }
    }

    @Test func refusesTokensUnlessEnterpriseWithTheAPIBeta() throws {
        let team = try makeOrg(plan: .team, beta: true)
        let error = #expect(throws: StoreError.self) {
            try plane.createToken(Slug(team.slug), name: "t", scopes: [.scim])
        }
        #expect(error?.description.contains("Enterprise plan") == true)
        let noBeta = try makeOrg(plan: .enterprise, beta: false)
        let betaError = #expect(throws: StoreError.self) {
            try plane.createToken(Slug(noBeta.slug), name: "t", scopes: [.scim])
        }
        #expect(betaError?.description.contains("api-beta") == true)
    }

    @Test func storesOnlyTheHashOfATokenAndRevokesIt() throws {
        let org = try makeOrg(beta: true)
        let slug = try Slug(org.slug)
        let (token, secret) = try plane.createToken(
            slug, name: "Okta", description: "provisioning", scopes: [.scim], expiresInDays: 30)
        #expect(token.scopes == ["scim"])
        #expect(token.prefix == String(secret.value.prefix(11)))
        #expect(token.expiresAt != nil)
        let schema = try #require(SQLIdentifier(org.schemaName))
        let dump: String = try connection.query(
            "SELECT string_agg(row_to_json(t)::text, '') FROM \(ident: schema).api_tokens t")[0].decode(at: 0)
        #expect(!dump.contains(secret.value))
        #expect(!dump.contains(String(secret.value.dropFirst(11))))
        let stored: String = try connection.query(
            "SELECT encode(token_hash, 'hex') FROM \(ident: schema).api_tokens WHERE id = \(token.id)")[0].decode(at: 0)
        #expect(stored == SHA256.hex(secret.hash))
        #expect(try plane.listTokens(slug).map(\.id) == [token.id])
        let revoked = try plane.revokeToken(slug, id: token.id)
        #expect(revoked.revokedAt != nil)
        #expect(!revoked.isLive())
        #expect(throws: StoreError.self) { try plane.revokeToken(slug, id: UUID()) }
    }

    @Test func enforcesCaseInsensitiveUserNamesInTheDatabase() throws {
        let org = try makeOrg()
        let schema = try #require(SQLIdentifier(org.schemaName))
        try connection.execute("INSERT INTO \(ident: schema).users (user_name) VALUES ('Barbara.Jensen@example.com')")
        let error = #expect(throws: PostgresError.self) {
            try connection.execute(
                "INSERT INTO \(ident: schema).users (user_name) VALUES ('barbara.jensen@EXAMPLE.com')")
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "users_user_name_key")
        let groupError = #expect(throws: PostgresError.self) {
            try connection.execute("INSERT INTO \(ident: schema).groups (display_name) VALUES ('ADMIN')")
        }
        #expect(groupError?.constraint == "groups_display_name_key")
    }

    @Test func enforcesUniqueMemberships() throws {
        let org = try makeOrg()
        let schema = try #require(SQLIdentifier(org.schemaName))
        let userID: UUID = try connection.query(
            "INSERT INTO \(ident: schema).users (user_name) VALUES ('member') RETURNING id")[0].decode(at: 0)
        let membership: Query = """
            INSERT INTO \(ident: schema).group_members (group_id, user_id)
            SELECT id, \(userID) FROM \(ident: schema).groups WHERE system_role = 'viewer'
            """
        #expect(try connection.execute(membership) == 1)
        let error = #expect(throws: PostgresError.self) { try connection.execute(membership) }
        #expect(error?.constraint == "group_members_pkey")
    }
}
