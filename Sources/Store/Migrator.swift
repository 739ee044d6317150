import Postgres

/// Brings the control plane and every organization schema to the latest version.
///
/// Idempotent, and safe to run from several processes at once: each step runs in its own transaction
/// holding the same transaction-level advisory lock, and re-reads the version after taking it.
public struct Migrator {
    /// The advisory lock key shared by every migrating process ("roster" in ASCII).
    static let lockKey: Int64 = 0x726F_7374_6572

    /// What a run changed.
    public struct Report: Sendable, Equatable {
        /// Control-plane migrations applied by this run.
        public var controlApplied: [Int] = []
        /// Organization schemas brought up to date by this run.
        public var organizationsMigrated = 0
    }

    let connection: Connection

    /// A migrator working through `connection`.
    public init(connection: Connection) {
        self.connection = connection
    }

    /// Applies every missing migration.
    @discardableResult
    public func migrate() throws(StoreError) -> Report {
        var report = Report()
        do {
            report.controlApplied = try migrateControlPlane()
            let stale = try connection.query(
                "SELECT slug FROM roster.organizations WHERE schema_version < \(Migrations.tenantVersion) ORDER BY id")
            for row in stale.rows {
                let slug: String = try row.decode(at: 0)
                if try migrateOrganization(slug: slug) { report.organizationsMigrated += 1 }
            }
        } catch let error as PostgresError {
            throw .database(error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .invalid("migration failed: \(error)")
        }
        return report
    }

    /// Whether the control plane and every organization schema are at the latest version.
    public func isCurrent() throws(StoreError) -> Bool {
        do {
            let exists = try connection.query("SELECT to_regclass('roster.migrations') IS NOT NULL")
            guard try exists[0].decode(Bool.self, at: 0) else { return false }
            let control = try connection.query("SELECT coalesce(max(version), 0) FROM roster.migrations")
            guard try control[0].decode(Int.self, at: 0) >= Migrations.controlVersion else { return false }
            let stale = try connection.query(
                "SELECT count(*) FROM roster.organizations WHERE schema_version < \(Migrations.tenantVersion)")
            return try stale[0].decode(Int.self, at: 0) == 0
        } catch {
            throw .database(error)
        }
    }

    private func migrateControlPlane() throws -> [Int] {
        var applied: [Int] = []
        try connection.withTransaction { conn in
            try conn.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            try conn.executeScript(
                unsafeSQL: """
                    CREATE SCHEMA IF NOT EXISTS roster;
                    CREATE TABLE IF NOT EXISTS roster.migrations (
                        version    integer PRIMARY KEY,
                        name       text NOT NULL,
                        applied_at timestamptz NOT NULL DEFAULT now()
                    );
                    """)
            let current = try conn.query("SELECT coalesce(max(version), 0) FROM roster.migrations")[0]
                .decode(Int.self, at: 0)
            for migration in Migrations.control where migration.version > current {
                try conn.executeScript(unsafeSQL: migration.sql)
                try conn.execute(
                    "INSERT INTO roster.migrations (version, name) VALUES (\(migration.version), \(migration.name))")
                applied.append(migration.version)
            }
            try installDashboards(on: conn)
        }
        return applied
    }

    /// Brings one organization's schema to the latest version; returns whether anything was applied.
    func migrateOrganization(slug: String) throws -> Bool {
        try connection.withTransaction { conn in
            try conn.execute("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            let rows = try conn.query(
                "SELECT schema_name, schema_version FROM roster.organizations WHERE slug = \(slug) FOR UPDATE")
            guard let row = rows.first else { return false }
            let schemaText: String = try row.decode(at: 0)
            let version: Int = try row.decode(at: 1)
            guard let schema = SQLIdentifier(schemaText) else {
                throw StoreError.invalid("organization \(slug) has an invalid schema name")
            }
            return try Self.applyTenantMigrations(to: schema, from: version, on: conn)
        }
    }

    /// Applies the organization-schema migrations after `version` to `schema` inside the caller's transaction.
    static func applyTenantMigrations(to schema: SQLIdentifier, from version: Int, on conn: Connection) throws -> Bool {
        let pending = Migrations.tenant.filter { $0.version > version }
        guard !pending.isEmpty else { return false }
        try conn.execute("CREATE SCHEMA IF NOT EXISTS \(ident: schema)")
        // SET LOCAL ends with the transaction, so no session keeps this search_path.
        try conn.execute("SET LOCAL search_path TO \(ident: schema)")
        for migration in pending {
            try conn.executeScript(unsafeSQL: migration.sql)
            try conn.execute("INSERT INTO schema_version (version) VALUES (\(migration.version))")
        }
        try conn.execute("SET LOCAL search_path TO DEFAULT")
        let latest = pending.last?.version ?? version
        try conn.execute(
            "UPDATE roster.organizations SET schema_version = \(latest) WHERE schema_name = \(schema.name)")
        return true
    }
}
