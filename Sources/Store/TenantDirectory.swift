import Foundation
import Postgres
import Synchronization

/// Host name → tenant, cached per worker thread and dropped within a second of any change to hosts,
/// plans or flags in any process (the control-plane triggers `NOTIFY roster_directory`; a
/// `ChangeListener` calls `invalidateAll()`).
///
/// Each worker keeps its own `Cache` (no lock on the request path); invalidation bumps one atomic epoch
/// that every cache compares on lookup. A lookup that races with an invalidation is stored under the old
/// epoch, so a stale answer can never outlive the change that made it stale. Unknown hosts are cached
/// too (bounded), so floods of made-up host names cost one query per name and worker, not per request.
public final class TenantDirectory: Sendable {
    private let epoch = Atomic<Int>(0)
    /// How long an entry is trusted without a notification (a safety net for a broken listener).
    public let timeToLive: Duration
    /// At most this many hosts are cached per worker; past it the cache starts over.
    public let capacity: Int

    /// A directory with the given cache bounds.
    public init(timeToLive: Duration = .seconds(300), capacity: Int = 50_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// Drops every cached entry in every worker.
    public func invalidateAll() {
        epoch.add(1, ordering: .releasing)
    }

    var currentEpoch: Int { epoch.load(ordering: .acquiring) }

    /// One worker's cache; never shared between threads.
    public struct Cache {
        struct Entry {
            let tenant: Tenant?
            let loadedAt: ContinuousClock.Instant
            let epoch: Int
        }

        var entries: [String: Entry] = [:]

        /// An empty cache.
        public init() {}

        /// The number of cached hosts.
        public var count: Int { entries.count }

        /// The tenant serving `host`, or nil when no organization has that host name.
        public mutating func resolve(_ host: HostName, in directory: TenantDirectory, on connection: Connection)
            throws(PostgresError) -> Tenant?
        {
            let now = ContinuousClock.now
            let epoch = directory.currentEpoch
            if let cached = entries[host.value], cached.epoch == epoch, now - cached.loadedAt < directory.timeToLive {
                return cached.tenant
            }
            let tenant = try directory.load(host, on: connection)
            if entries.count >= directory.capacity { entries.removeAll(keepingCapacity: true) }
            entries[host.value] = Entry(tenant: tenant, loadedAt: now, epoch: epoch)
            return tenant
        }
    }

    func load(_ host: HostName, on connection: Connection) throws(PostgresError) -> Tenant? {
        let rows = try connection.query(
            """
            SELECT o.id, o.slug, o.plan, o.schema_name,
                   ARRAY(SELECT f.flag FROM roster.feature_flags f WHERE f.org_id = o.id), o.rate_limit
            FROM roster.org_hosts h JOIN roster.organizations o ON o.id = h.org_id
            WHERE h.host = \(host.value) AND o.status = 'active'
            """)
        guard let row = rows.first else { return nil }
        let planText: String = try row.decode(at: 2)
        let schemaText: String = try row.decode(at: 3)
        guard let schema = SQLIdentifier(schemaText), let plan = Plan(rawValue: planText) else { return nil }
        let flags: [String] = try row.decode(at: 4)
        return Tenant(
            organizationID: try row.decode(at: 0), slug: try row.decode(at: 1), plan: plan, schema: schema,
            flags: Set(flags), rateLimit: try row.decode(at: 5))
    }

}
