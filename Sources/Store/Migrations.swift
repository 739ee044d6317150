/// One versioned SQL file of `sql/`, compiled into the binary.
public struct Migration: Sendable {
    /// The version it brings its scope to.
    public let version: Int
    /// The file name under `sql/`.
    public let name: String
    /// The SQL text.
    public let sql: String

    init(_ version: Int, _ name: String, _ bytes: [UInt8]) {
        self.version = version
        self.name = name
        self.sql = String(decoding: bytes, as: UTF8.self)
    }
}

/// The migrations of the control plane (schema `roster`) and of every organization schema, in order.
public enum Migrations {
    /// Control-plane migrations (`sql/control_NNN_*.sql`).
    public static let control: [Migration] = [
        Migration(1, "control_001_init.sql", PackageResources.control_001_init_sql),
        Migration(2, "control_002_ops.sql", PackageResources.control_002_ops_sql),
    ]

    /// Organization-schema migrations (`sql/tenant_NNN_*.sql`), applied with `search_path` set to the schema.
    public static let tenant: [Migration] = [
        Migration(1, "tenant_001_init.sql", PackageResources.tenant_001_init_sql),
        Migration(2, "tenant_002_request_errors.sql", PackageResources.tenant_002_request_errors_sql),
    ]

    /// The operations dashboards (`sql/dashboards.sql`): not a numbered migration but a script that drops and
    /// creates its views; `Migrator` installs it whenever its text changes (it needs control version 2).
    public static let dashboards = Migration(0, "dashboards.sql", PackageResources.dashboards_sql)

    /// The latest control-plane version.
    public static var controlVersion: Int { control.last?.version ?? 0 }
    /// The latest organization-schema version.
    public static var tenantVersion: Int { tenant.last?.version ?? 0 }
}
