import Postgres

extension ControlPlane {
    /// Adds a host name to an organization; a host belongs to one organization only.
    public func addHost(_ slug: Slug, _ host: HostName) throws(StoreError) -> Organization {
        try transaction { conn in
            try insertHost(host, slug: slug, on: conn)
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    /// Removes a host name from an organization.
    public func removeHost(_ slug: Slug, _ host: HostName) throws(StoreError) -> Organization {
        try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            let removed = try conn.execute(
                "DELETE FROM roster.org_hosts WHERE host = \(host.value) AND org_id = \(org.id)")
            guard removed == 1 else {
                throw StoreError.notFound("host '\(host)' does not belong to organization '\(slug)'")
            }
            return try fetchOrganization(slug: slug, on: conn)
        }
    }

    func insertHost(_ host: HostName, slug: Slug, on conn: Connection) throws {
        let org = try lockOrganization(slug, on: conn)
        let inserted = try conn.execute(
            "INSERT INTO roster.org_hosts (host, org_id) VALUES (\(host.value), \(org.id)) ON CONFLICT DO NOTHING")
        guard inserted == 1 else {
            let owner = try conn.query(
                """
                SELECT o.slug FROM roster.org_hosts h JOIN roster.organizations o ON o.id = h.org_id
                WHERE h.host = \(host.value)
                """)
            let ownerSlug: String = try owner.first?.decode(at: 0) ?? "another organization"
            throw StoreError.conflict("host '\(host)' already belongs to organization '\(ownerSlug)'")
        }
    }
}
