import Foundation
import Postgres
import Synchronization

/// Host name → tenant, cached in the process and dropped within a second of any change to hosts, plans
/// or flags in any process (the control-plane triggers `NOTIFY roster_directory`; a `ChangeListener`
/// calls `invalidateAll()`).
///
/// A lookup that races with an invalidation is not cached, so a stale answer can never outlive the
/// change that made it stale. Unknown hosts are cached too (bounded), so floods of made-up host names
/// cost one query per name, not one per request.
public final class TenantDirectory: Sendable {
    struct Entry: Sendable {
        let tenant: Tenant?
        let loadedAt: ContinuousClock.Instant
    }

    struct State: Sendable {
        var entries: [String: Entry] = [:]
        var epoch = 0
    }

    private let state = Mutex(State())
    /// How long an entry is trusted without a notification (a safety net for a broken listener).
    public let timeToLive: Duration
    /// At most this many hosts are cached; past it the cache starts over.
    public let capacity: Int

    /// A directory with the given cache bounds.
    public init(timeToLive: Duration = .seconds(10), capacity: Int = 50_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The tenant serving `host`, or nil when no organization has that host name.
    public func resolve(_ host: HostName, on connection: Connection) throws(PostgresError) -> Tenant? {
        let now = ContinuousClock.now
        let (cached, epoch) = state.withLock { state -> (Entry?, Int) in
            (state.entries[host.value], state.epoch)
        }
        if let cached, now - cached.loadedAt < timeToLive { return cached.tenant }
        let tenant = try load(host, on: connection)
        state.withLock { state in
            guard state.epoch == epoch else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[host.value] = Entry(tenant: tenant, loadedAt: now)
        }
        return tenant
    }

    /// Drops every cached entry.
    public func invalidateAll() {
        state.withLock { state in
            state.entries.removeAll(keepingCapacity: true)
            state.epoch += 1
        }
    }

    /// The number of cached hosts (for metrics and tests).
    public var cachedCount: Int { state.withLock { $0.entries.count } }

    func load(_ host: HostName, on connection: Connection) throws(PostgresError) -> Tenant? {
        let rows = try connection.query(
            """
            SELECT o.id, o.slug, o.plan, o.schema_name,
                   ARRAY(SELECT f.flag FROM roster.feature_flags f WHERE f.org_id = o.id)
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
            flags: Set(flags))
    }

}
