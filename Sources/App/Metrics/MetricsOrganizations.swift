import Synchronization

/// The `org` label values, bounded: the first `capacity` organizations seen since start get their slug, every
/// later one is counted as `_other`. Requests without an organization (unknown host, `/healthz`, …) are `-`.
///
/// Workers keep their own id → slot cache and ask here (under the lock) only for an organization they meet
/// for the first time, so the lock is not on the request path.
final class MetricsOrganizations: Sendable {
    /// The slot of requests that resolved no organization.
    static let none: Int32 = 0
    /// The slot every organization beyond the capacity shares.
    static let other: Int32 = 1

    private struct Table {
        var slots: [Int64: Int32] = [:]
        var labels = ["-", "_other"]
    }

    /// How many organizations get a label of their own.
    let capacity: Int
    private let table = Mutex(Table())

    /// A registry that labels up to `capacity` organizations.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// The slot of organization `id`: its own while fewer than `capacity` have one, else `other`.
    func slot(for id: Int64, slug: String) -> Int32 {
        table.withLock { table in
            if let slot = table.slots[id] { return slot }
            guard table.labels.count - 2 < capacity else {
                table.slots[id] = Self.other
                return Self.other
            }
            let slot = Int32(table.labels.count)
            table.labels.append(slug)
            table.slots[id] = slot
            return slot
        }
    }

    /// The label of every slot so far, indexed by slot.
    var labels: [String] { table.withLock { $0.labels } }

    /// How many organizations have a label of their own.
    var labelled: Int { table.withLock { $0.labels.count - 2 } }

    /// How many organizations were folded into `_other`.
    var folded: Int { table.withLock { table in table.slots.values.count(where: { $0 == Self.other }) } }
}
