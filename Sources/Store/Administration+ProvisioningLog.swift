import Foundation
import Postgres

/// One row of an organization's provisioning log.
public struct ProvisioningLogEntry: Sendable, Equatable {
    /// The row id; ids grow with time, so they order the log and serve as the paging cursor.
    public let id: Int64
    /// When the write happened.
    public let at: Date
    /// The API token that made it (nil for the legacy `SCIM_AUTH_TOKEN`).
    public let tokenID: UUID?
    /// `User` or `Group`.
    public let resourceType: String
    /// The resource written.
    public let resourceID: UUID?
    /// `create`, `replace`, `patch`, `delete`, … as the handlers record them.
    public let operation: String
    /// The attributes the write changed.
    public let changedAttributes: [String]
    /// The identity-provider dialect rewrites applied to the request.
    public let rewrites: [String]
    /// The client's `User-Agent`, truncated.
    public let idp: String?
    /// Extra detail (member counts, refused changes) as JSON text, if any.
    public let details: String?
}

/// A page of the provisioning log, newest first.
public struct ProvisioningLogPage: Sendable {
    /// The entries, newest first.
    public let entries: [ProvisioningLogEntry]
    /// The cursor of the next (older) page: pass it as `before`; nil on the last page.
    public let nextBefore: Int64?
}

extension Administration {
    /// A page of an organization's provisioning log, newest first: `page.count` entries older than the
    /// entry `page.before` (from the newest when nil).
    ///
    /// Keyset paging on the primary key: each page costs the same however deep it is, and entries written
    /// while an operator pages do not shift the later pages.
    public func provisioningLog(_ slug: Slug, _ page: LogPageRequest) throws(StoreError) -> ProvisioningLogPage {
        let before = page.before
        let count = page.count
        return try plane.transaction { conn in
            let org = try plane.lockOrganization(slug, on: conn)
            // One more row than asked tells whether an older page exists.
            let rows = try conn.query(
                """
                SELECT id, at, token_id, resource_type, resource_id, operation, changed_attributes, rewrites, idp,
                       details::text
                FROM \(ident: org.schema).provisioning_log
                WHERE \(before)::bigint IS NULL OR id < \(before)::bigint
                ORDER BY id DESC
                LIMIT \(count + 1)
                """)
            var entries = try rows.rows.map { row in
                ProvisioningLogEntry(
                    id: try row.decode(at: 0), at: try row.decode(at: 1), tokenID: try row.decode(at: 2),
                    resourceType: try row.decode(at: 3), resourceID: try row.decode(at: 4),
                    operation: try row.decode(at: 5), changedAttributes: try row.decode(at: 6),
                    rewrites: try row.decode(at: 7), idp: try row.decode(at: 8), details: try row.decode(at: 9))
            }
            var next: Int64?
            if entries.count > count {
                entries.removeLast()
                next = entries.last?.id
            }
            return ProvisioningLogPage(entries: entries, nextBefore: next)
        }
    }
}
