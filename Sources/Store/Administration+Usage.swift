import Foundation
import Postgres

/// What an organization holds now, counted at query time in its schema (as `roster.org_usage` does).
public struct OrganizationUsage: Sendable, Equatable {
    /// Active users: the billable count.
    public let activeUsers: Int
    /// Deactivated users (kept for reactivation, not billed).
    public let deactivatedUsers: Int
    /// Groups, the default ones included.
    public let groups: Int
    /// Tokens neither revoked nor expired.
    public let liveTokens: Int
    /// The time of the last provisioning change, if any.
    public let lastProvisioningAt: Date?
}

extension Administration {
    /// The organization and its usage.
    public func organizationWithUsage(_ slug: Slug) throws(StoreError) -> (Organization, OrganizationUsage) {
        try plane.transaction { conn in
            let org = try plane.lockOrganization(slug, on: conn)
            let rows = try conn.query(
                """
                SELECT (SELECT count(*) FROM \(ident: org.schema).users WHERE active),
                       (SELECT count(*) FROM \(ident: org.schema).users WHERE NOT active),
                       (SELECT count(*) FROM \(ident: org.schema).groups),
                       (SELECT count(*) FROM \(ident: org.schema).api_tokens
                         WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())),
                       (SELECT max(at) FROM \(ident: org.schema).provisioning_log)
                """)
            guard let row = rows.first else { throw StoreError.invalid("usage could not be read") }
            let usage = OrganizationUsage(
                activeUsers: try row.decode(at: 0), deactivatedUsers: try row.decode(at: 1),
                groups: try row.decode(at: 2), liveTokens: try row.decode(at: 3),
                lastProvisioningAt: try row.decode(at: 4))
            return (try plane.fetchOrganization(slug: slug, on: conn), usage)
        }
    }
}
