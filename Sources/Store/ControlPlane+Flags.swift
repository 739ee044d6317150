import Postgres

extension ControlPlane {
    /// Sets a flag (idempotent).
    public func setFlag(_ slug: Slug, _ flag: FeatureFlag) throws(StoreError) -> Organization {
        try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            try conn.execute(
                """
                INSERT INTO roster.feature_flags (org_id, flag) VALUES (\(org.id), \(flag.rawValue))
                ON CONFLICT (org_id, flag) DO NOTHING
                """)
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    /// Unsets a flag (idempotent).
    public func unsetFlag(_ slug: Slug, _ flag: FeatureFlag) throws(StoreError) -> Organization {
        try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            try conn.execute(
                "DELETE FROM roster.feature_flags WHERE org_id = \(org.id) AND flag = \(flag.rawValue)")
            return try fetchOrganization(slug: slug, on: conn)
        }
    }
}
