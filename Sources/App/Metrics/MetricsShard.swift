import Synchronization

/// One worker's metrics, aggregated with the other workers' only when scraped.
///
/// Per-request series (requests, durations, rate-limit refusals) are `MetricsCounter` cells the worker adds to
/// without a lock; the cell lists here are locked only when the worker meets a new series and when a scrape
/// copies them. Rarer events that follow a database round trip (provisioning writes, database errors,
/// transaction retries) go into a table under this shard's own lock — never contended by other workers,
/// only, briefly, by a scrape.
final class MetricsShard: Sendable {
    /// Request durations, indexed by `MetricsRoute.rawValue`.
    let histograms: [MetricsHistogram] = MetricsRoute.allCases.map { _ in MetricsHistogram() }
    private let cells = Mutex(Cells())
    private let events = Mutex(Events())

    /// The cell lists, as the scrape copies them.
    struct Cells {
        /// Requests by packed `RequestKey`.
        var requests: [(key: UInt64, counter: MetricsCounter)] = []
        /// `429` refusals by organization slot.
        var rateLimited: [(org: Int32, counter: MetricsCounter)] = []
    }

    /// Counts of rare events.
    struct Events {
        /// Committed provisioning writes.
        var writes: [WriteKey: Int] = [:]
        /// Database errors that failed a request, by kind.
        var databaseErrors: [MetricsDatabaseErrorKind: Int] = [:]
        /// Transactions run again after a conflict, by kind (`deadlock`, `serialization_failure`).
        var retries: [MetricsDatabaseErrorKind: Int] = [:]
    }

    /// A provisioning write's labels.
    struct WriteKey: Hashable {
        let org: Int32
        let resource: String
        let operation: String
    }

    func register(request key: UInt64, _ counter: MetricsCounter) {
        cells.withLock { $0.requests.append((key, counter)) }
    }

    func register(rateLimited org: Int32, _ counter: MetricsCounter) {
        cells.withLock { $0.rateLimited.append((org, counter)) }
    }

    func recordWrite(_ key: WriteKey) {
        events.withLock { $0.writes[key, default: 0] += 1 }
    }

    func recordDatabaseError(_ kind: MetricsDatabaseErrorKind) {
        events.withLock { $0.databaseErrors[kind, default: 0] += 1 }
    }

    func recordRetry(_ kind: MetricsDatabaseErrorKind) {
        events.withLock { $0.retries[kind, default: 0] += 1 }
    }

    /// The cell lists now (the cells keep counting after the copy).
    var cellSnapshot: Cells { cells.withLock { $0 } }

    /// The event counts now.
    var eventSnapshot: Events { events.withLock { $0 } }
}
