import HTTP
import Store

// The gauges and counters that are read, not recorded: the HTTP server's, the label registry's, the process's.

extension RosterMetrics {
    func renderServer(_ stats: HTTPServerStats, limits: HTTPServerConfiguration, into text: inout MetricsText) {
        let values: [(String, MetricsText.Kind, String, Int)] = [
            ("roster_http_open_connections", .gauge, "Client connections open now.", stats.openConnections),
            (
                "roster_http_max_connections", .gauge, "Open connections allowed (ROSTER_HTTP_MAX_CONNECTIONS).",
                limits.maxConnections
            ),
            (
                "roster_http_connections_accepted_total", .counter,
                "Connections accepted since start, rejected ones included.",
                stats.acceptedConnections
            ),
            (
                "roster_http_connections_rejected_total", .counter,
                "Connections refused with 503 because the maximum was open.", stats.rejectedConnections
            ),
            ("roster_http_queued_requests", .gauge, "Requests waiting for a worker now.", stats.queuedRequests),
            (
                "roster_http_queue_capacity", .gauge, "Requests that may wait (ROSTER_HTTP_QUEUE_DEPTH).",
                limits.queueDepth
            ),
            ("roster_http_busy_workers", .gauge, "Workers answering a request now.", stats.busyWorkers),
            ("roster_http_workers", .gauge, "Worker threads (ROSTER_HTTP_WORKERS).", limits.workerCount),
            (
                "roster_http_requests_served_total", .counter,
                "Requests answered by a worker or on the event loop (/healthz).", stats.requestsServed
            ),
            (
                "roster_http_overload_responses_total", .counter,
                "Requests answered 503 because the worker queue was full.",
                stats.overloadResponses
            ),
            (
                "roster_http_protocol_error_responses_total", .counter,
                "Requests the HTTP layer refused itself (400, 408, 413, 417, 431, 505).", stats.errorResponses
            ),
            (
                "roster_http_request_timeouts_total", .counter, "Requests cut off by the request timeout (408).",
                stats.timedOutRequests
            ),
            (
                "roster_metrics_organizations_limit", .gauge,
                "Organizations labelled by slug (ROSTER_METRICS_MAX_ORGS).", organizations.capacity
            ),
        ]
        for (name, kind, help, value) in values {
            text.family(name, kind, help: help)
            text.sample(name, value)
        }
        text.family(
            "roster_http_affinity_requests_total", .counter,
            help:
                "Requests by how a worker got them: its organization's home worker, the shared queue (home queue full),"
                + " or taken over from a busy home worker by an idle one (ROSTER_HTTP_AFFINITY_*).")
        text.sample("roster_http_affinity_requests_total", ["placement": "home"], stats.homeJobs)
        text.sample("roster_http_affinity_requests_total", ["placement": "shared"], stats.sharedJobs)
        text.sample("roster_http_affinity_requests_total", ["placement": "stolen"], stats.stolenJobs)
        text.family(
            "roster_metrics_organizations", .gauge,
            help: "Organizations seen since start: with a label of their own, or folded into org=\"_other\".")
        text.sample("roster_metrics_organizations", ["state": "labelled"], organizations.labelled)
        text.sample("roster_metrics_organizations", ["state": "folded"], organizations.folded)
        text.family(
            "roster_build_info", .gauge, help: "Always 1; the labels are the schema versions this binary migrates to.")
        text.sample(
            "roster_build_info",
            ["control_schema": String(Migrations.controlVersion), "tenant_schema": String(Migrations.tenantVersion)], 1)
    }

    func renderProcess(into text: inout MetricsText) {
        let process = ProcessMetrics.current()
        let integers: [(String, MetricsText.Kind, String, Int?)] = [
            ("process_resident_memory_bytes", .gauge, "Resident memory size in bytes.", process.residentMemoryBytes),
            ("process_virtual_memory_bytes", .gauge, "Virtual memory size in bytes.", process.virtualMemoryBytes),
            ("process_open_fds", .gauge, "Open file descriptors.", process.openFileDescriptors),
            ("process_max_fds", .gauge, "The limit on open file descriptors.", process.maxFileDescriptors),
        ]
        for case let (name, kind, help, value?) in integers {
            text.family(name, kind, help: help)
            text.sample(name, value)
        }
        if let cpu = process.cpuSeconds {
            text.family("process_cpu_seconds_total", .counter, help: "User and system CPU time in seconds.")
            text.sample("process_cpu_seconds_total", cpu)
        }
        if let start = process.startTimeSeconds {
            text.family(
                "process_start_time_seconds", .gauge, help: "Start time of the process since the Unix epoch in seconds."
            )
            text.sample("process_start_time_seconds", start)
        }
    }
}
