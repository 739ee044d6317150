import Postgres

extension Migrator {
    /// Installs `sql/dashboards.sql` inside the caller's migration transaction when the installed text differs
    /// (by SHA-256) from the one compiled in, so every database carries the dashboards of the binary that
    /// migrated it last, and an unchanged file costs one lookup.
    func installDashboards(on conn: Connection) throws {
        let script = Migrations.dashboards
        let digest = SHA256.hex(SHA256.hash(script.sql))
        let installed = try conn.query(
            "SELECT sha256 FROM roster.installed_scripts WHERE name = \(script.name)")
        if let row = installed.first, try row.decode(String.self, at: 0) == digest { return }
        try conn.executeScript(unsafeSQL: script.sql)
        try conn.execute(
            """
            INSERT INTO roster.installed_scripts (name, sha256) VALUES (\(script.name), \(digest))
            ON CONFLICT (name) DO UPDATE SET sha256 = EXCLUDED.sha256, installed_at = now()
            """)
    }
}
