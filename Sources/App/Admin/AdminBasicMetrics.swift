import HTTP

/// A minimal Prometheus text exposition (format 0.0.4) of the SCIM listener's HTTP counters: what
/// `GET /metrics` on the admin listener serves until the full metrics registry is wired in.
enum AdminBasicMetrics {
    /// The counters of `stats`, one `# HELP`/`# TYPE` pair and sample each.
    static func text(_ stats: HTTPServerStats) -> String {
        let samples: [(name: String, type: String, help: String, value: Int)] = [
            ("roster_http_open_connections", "gauge", "Connections open now.", stats.openConnections),
            ("roster_http_accepted_connections_total", "counter", "Connections accepted.", stats.acceptedConnections),
            (
                "roster_http_rejected_connections_total", "counter", "Connections refused at the connection limit.",
                stats.rejectedConnections
            ),
            ("roster_http_queued_requests", "gauge", "Requests waiting for a worker.", stats.queuedRequests),
            ("roster_http_busy_workers", "gauge", "Workers running a request.", stats.busyWorkers),
            ("roster_http_requests_served_total", "counter", "Requests answered by a worker.", stats.requestsServed),
            (
                "roster_http_overload_responses_total", "counter", "Requests answered 503 because the queue was full.",
                stats.overloadResponses
            ),
            (
                "roster_http_error_responses_total", "counter", "Malformed or oversized requests the server refused.",
                stats.errorResponses
            ),
            (
                "roster_http_timed_out_requests_total", "counter", "Requests cut off by the request timeout.",
                stats.timedOutRequests
            ),
        ]
        return samples.map { "# HELP \($0.name) \($0.help)\n# TYPE \($0.name) \($0.type)\n\($0.name) \($0.value)\n" }
            .joined()
    }
}
