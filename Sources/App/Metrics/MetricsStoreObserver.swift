import Postgres
import Store

/// Hears committed provisioning writes and transaction retries for one request and counts them in its
/// worker's shard. A value (two words), so handing it to the store allocates nothing.
struct MetricsStoreObserver: StoreObserver {
    let shard: MetricsShard
    let org: Int32

    /// Operations as `provisioning_log` writes them; anything else is counted as `other`.
    static let operations: Set<String> = [
        "create", "replace", "patch", "delete", "deactivate", "reactivate", "refused-mass-removal",
    ]

    func committed(resourceType: String, operation: String) {
        let resource = resourceType == "User" || resourceType == "Group" ? resourceType : "other"
        // "patch (members cleared)" is a patch: the label keeps the set of operations fixed.
        let base = operation.hasSuffix(" (members cleared)") ? String(operation.dropLast(18)) : operation
        let label = Self.operations.contains(base) ? base : "other"
        shard.recordWrite(.init(org: org, resource: resource, operation: label))
    }

    func retried(after error: PostgresError) {
        shard.recordRetry(MetricsDatabaseErrorKind(error))
    }
}
