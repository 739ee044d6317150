import HTTP
import Synchronization

/// Roster's Prometheus metrics: requests by organization, route, method and status; request durations by
/// route; rate-limit refusals; provisioning writes; database errors and retries; the HTTP server's gauges;
/// process basics. `render(http:limits:)` writes them in the text format for `GET /metrics`.
///
/// Recording never takes a lock shared between workers: each worker records into its own shard through a
/// `MetricsRecorder` (see `MetricsShard`), and a scrape adds the shards up. Memory is bounded: routes and
/// methods are fixed sets, statuses are the few the server sends, and organizations beyond
/// `maxOrganizations` share the label `org="_other"`.
public final class RosterMetrics: Sendable {
    /// The default of `maxOrganizations` (`ROSTER_METRICS_MAX_ORGS`).
    public static let defaultMaxOrganizations = 1_000

    let organizations: MetricsOrganizations
    private let shards = Mutex<[MetricsShard]>([])
    /// The event loop's recorder, for requests answered inline (`/healthz`); the loop is one thread, so this
    /// lock is contended only by a scrape.
    private let inline: Mutex<MetricsRecorder>

    /// Metrics that label at most `maxOrganizations` organizations by slug.
    public init(maxOrganizations: Int = defaultMaxOrganizations) {
        let organizations = MetricsOrganizations(capacity: maxOrganizations)
        let shard = MetricsShard()
        self.organizations = organizations
        shards.withLock { $0.append(shard) }
        inline = Mutex(MetricsRecorder(shard: shard, organizations: organizations))
    }

    /// How many organizations get a label of their own.
    public var maxOrganizations: Int { organizations.capacity }

    /// A recorder with a new shard, for one worker thread.
    func makeRecorder() -> MetricsRecorder {
        let shard = MetricsShard()
        shards.withLock { $0.append(shard) }
        return MetricsRecorder(shard: shard, organizations: organizations)
    }

    /// Counts a request answered on the event loop.
    func recordInline(_ request: HTTPRequest, status: Int) {
        let duration = ContinuousClock.now - request.receivedAt
        inline.withLock { $0.recordRequest(request, status: status, tenant: nil, duration: duration) }
    }

    /// Every shard so far.
    var allShards: [MetricsShard] { shards.withLock { $0 } }
}
