import Foundation
import Postgres

/// Operations on organizations, host names, flags and API tokens: the one implementation behind the
/// `roster` CLI (and later the admin API). Every operation runs in one transaction: it happens entirely
/// or not at all.
public struct ControlPlane {
    let connection: Connection

    /// A control plane working through `connection`.
    public init(connection: Connection) {
        self.connection = connection
    }

    /// Runs `body` in a transaction, mapping database errors to `StoreError`.
    func transaction<T>(_ body: (Connection) throws -> T) throws(StoreError) -> T {
        try connection.storeTransaction(retrying: false, body)
    }

    // MARK: Organizations

    /// Creates an organization with its own schema (default groups included) and its host names.
    public func createOrganization(slug: Slug, name: String, plan: Plan, hosts: [HostName]) throws(StoreError)
        -> Organization
    {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.value < 32 }) else {
            throw .invalid("invalid name: use 1-200 printable characters")
        }
        guard Set(hosts).count == hosts.count else { throw .invalid("the same host name is given twice") }
        guard let schema = SQLIdentifier(slug.schemaName) else { throw .invalid("invalid slug '\(slug)'") }
        return try transaction { conn in
            // The migration lock keeps the template from changing under a new schema.
            try conn.execute("SELECT pg_advisory_xact_lock(\(Migrator.lockKey))")
            do {
                try conn.execute(
                    """
                    INSERT INTO roster.organizations (slug, name, plan, schema_name)
                    VALUES (\(slug.value), \(trimmed), \(plan.rawValue), \(schema.name))
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw StoreError.conflict("organization '\(slug)' already exists")
            }
            _ = try Migrator.applyTenantMigrations(to: schema, from: 0, on: conn)
            for host in hosts { try insertHost(host, slug: slug, on: conn) }
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    /// All organizations, by slug.
    public func listOrganizations() throws(StoreError) -> [Organization] {
        try transaction { conn in try fetchOrganizations(where: nil, on: conn) }
    }

    /// One organization; throws `.notFound` when the slug is unknown.
    public func organization(_ slug: Slug) throws(StoreError) -> Organization {
        try transaction { conn in try fetchOrganization(slug: slug, on: conn) }
    }

    /// Changes an organization's plan.
    public func setPlan(_ slug: Slug, _ plan: Plan) throws(StoreError) -> Organization {
        try transaction { conn in
            let changed = try conn.execute(
                "UPDATE roster.organizations SET plan = \(plan.rawValue) WHERE slug = \(slug.value)")
            guard changed == 1 else { throw Self.unknown(slug) }
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    /// Sets an organization's SCIM rate limit in requests per second (1-100,000), or nil for the server's default.
    public func setRateLimit(_ slug: Slug, _ perSecond: Int?) throws(StoreError) -> Organization {
        if let perSecond, !(1...100_000).contains(perSecond) {
            throw .invalid("invalid rate limit: use 1-100000 requests per second, or 'default'")
        }
        return try transaction { conn in
            let changed = try conn.execute(
                "UPDATE roster.organizations SET rate_limit = \(perSecond) WHERE slug = \(slug.value)")
            guard changed == 1 else { throw Self.unknown(slug) }
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    static func unknown(_ slug: Slug) -> StoreError {
        .notFound("no organization with slug '\(slug)'")
    }

    func fetchOrganization(slug: Slug, on conn: Connection) throws -> Organization {
        guard let organization = try fetchOrganizations(where: slug, on: conn).first else { throw Self.unknown(slug) }
        return organization
    }

    func fetchOrganizations(where slug: Slug?, on conn: Connection) throws -> [Organization] {
        let rows = try conn.query(
            """
            SELECT o.id, o.slug, o.name, o.plan, o.schema_name, o.created_at, o.rate_limit,
                   ARRAY(SELECT h.host FROM roster.org_hosts h WHERE h.org_id = o.id ORDER BY h.host),
                   ARRAY(SELECT f.flag FROM roster.feature_flags f WHERE f.org_id = o.id ORDER BY f.flag)
            FROM roster.organizations o
            WHERE \(slug?.value)::text IS NULL OR o.slug = \(slug?.value)
            ORDER BY o.slug
            """)
        return try rows.rows.map { row in
            let planText: String = try row.decode(at: 3)
            return Organization(
                id: try row.decode(at: 0), slug: try row.decode(at: 1), name: try row.decode(at: 2),
                plan: Plan(rawValue: planText) ?? .free, schemaName: try row.decode(at: 4),
                hosts: try row.decode(at: 7), flags: try row.decode(at: 8), createdAt: try row.decode(at: 5),
                rateLimit: try row.decode(at: 6))
        }
    }

    /// The organization's id and schema, locked against concurrent plan or flag changes.
    func lockOrganization(_ slug: Slug, on conn: Connection) throws -> (id: Int64, schema: SQLIdentifier, plan: Plan) {
        let rows = try conn.query(
            "SELECT id, schema_name, plan FROM roster.organizations WHERE slug = \(slug.value) FOR SHARE")
        guard let row = rows.first else { throw Self.unknown(slug) }
        let schemaText: String = try row.decode(at: 1)
        guard let schema = SQLIdentifier(schemaText) else {
            throw StoreError.invalid("organization '\(slug)' has an invalid schema name")
        }
        let planText: String = try row.decode(at: 2)
        return (try row.decode(at: 0), schema, Plan(rawValue: planText) ?? .free)
    }
}
