import HTTP
import Postgres
import Store

/// One worker's handle on the metrics: its shard, and private caches that find a series' cell without a
/// lock. Owned by one thread (the worker's state), never shared.
final class MetricsRecorder {
    let shard: MetricsShard
    private let organizations: MetricsOrganizations
    private var slots: [Int64: Int32] = [:]
    private var requests: [UInt64: MetricsCounter] = [:]
    private var rateLimited: [Int32: MetricsCounter] = [:]

    init(shard: MetricsShard, organizations: MetricsOrganizations) {
        self.shard = shard
        self.organizations = organizations
    }

    /// Counts one answered request and its duration.
    func recordRequest(_ request: HTTPRequest, status: Int, tenant: Tenant?, duration: Duration) {
        let route = MetricsRoute.classify(request.path)
        let key = RequestKey(
            org: slot(tenant), route: route, method: MetricsMethod(request.method), status: status
        ).packed
        if let counter = requests[key] {
            counter.add()
        } else {
            let counter = MetricsCounter()
            counter.add()
            requests[key] = counter
            shard.register(request: key, counter)
        }
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let nanoseconds = overflow ? Int64.max : whole &+ attoseconds / 1_000_000_000
        shard.histograms[Int(route.rawValue)].observe(nanoseconds: Int(nanoseconds))
    }

    /// Counts one `429` for `tenant`.
    func recordRateLimited(_ tenant: Tenant) {
        let org = slot(tenant)
        if let counter = rateLimited[org] {
            counter.add()
        } else {
            let counter = MetricsCounter()
            counter.add()
            rateLimited[org] = counter
            shard.register(rateLimited: org, counter)
        }
    }

    /// Counts a database error that failed a request (or a readiness check). Other errors are ignored.
    func recordDatabaseError(in error: any Error) {
        switch error {
        case let postgres as PostgresError: shard.recordDatabaseError(MetricsDatabaseErrorKind(postgres))
        case StoreError.database(let postgres): shard.recordDatabaseError(MetricsDatabaseErrorKind(postgres))
        default: break
        }
    }

    /// The observer to put in a write's `WriteContext`.
    func storeObserver(for tenant: Tenant?) -> MetricsStoreObserver {
        MetricsStoreObserver(shard: shard, org: slot(tenant))
    }

    /// The `org` slot of `tenant`, from this worker's cache.
    private func slot(_ tenant: Tenant?) -> Int32 {
        guard let tenant else { return MetricsOrganizations.none }
        if let slot = slots[tenant.organizationID] { return slot }
        let slot = organizations.slot(for: tenant.organizationID, slug: tenant.slug)
        slots[tenant.organizationID] = slot
        return slot
    }
}
