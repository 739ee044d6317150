/// A snapshot of an ``HTTPServer``'s counters, for metrics. Each value is read atomically on its own,
/// so a snapshot taken under load is approximately, not exactly, consistent.
public struct HTTPServerStats: Sendable, Equatable {
    /// Connections open now.
    public var openConnections: Int
    /// Connections accepted since start (including rejected ones).
    public var acceptedConnections: Int
    /// Connections refused because `maxConnections` were open.
    public var rejectedConnections: Int
    /// Requests waiting for a worker now.
    public var queuedRequests: Int
    /// Workers running the responder now.
    public var busyWorkers: Int
    /// Requests answered by the responder since start.
    public var requestsServed: Int
    /// Requests answered `503` because the queue was full.
    public var overloadResponses: Int
    /// Requests answered with a 4xx/5xx the server generated itself (400, 408, 413, 417, 431, 505).
    public var errorResponses: Int
    /// Requests cut off by the request timeout (`408`).
    public var timedOutRequests: Int
    /// Requests answered by their affinity key's home worker.
    public var homeJobs: Int
    /// Requests answered from the shared queue (no affinity key, or the home queue was full).
    public var sharedJobs: Int
    /// Requests taken from a busy worker's home queue by an idle worker after waiting too long.
    public var stolenJobs: Int

    /// Creates a snapshot.
    public init(
        openConnections: Int = 0, acceptedConnections: Int = 0, rejectedConnections: Int = 0,
        queuedRequests: Int = 0, busyWorkers: Int = 0, requestsServed: Int = 0, overloadResponses: Int = 0,
        errorResponses: Int = 0, timedOutRequests: Int = 0, homeJobs: Int = 0, sharedJobs: Int = 0,
        stolenJobs: Int = 0
    ) {
        self.openConnections = openConnections
        self.acceptedConnections = acceptedConnections
        self.rejectedConnections = rejectedConnections
        self.queuedRequests = queuedRequests
        self.busyWorkers = busyWorkers
        self.requestsServed = requestsServed
        self.overloadResponses = overloadResponses
        self.errorResponses = errorResponses
        self.timedOutRequests = timedOutRequests
        self.homeJobs = homeJobs
        self.sharedJobs = sharedJobs
        self.stolenJobs = stolenJobs
    }
}
