import HTTP
import Store

extension RosterMetrics {
    /// The Prometheus text (format 0.0.4) of every metric: the shards added up, `http`'s counters (with the
    /// configured `limits`) and the process basics.
    public func render(http stats: HTTPServerStats, limits: HTTPServerConfiguration) -> String {
        var text = MetricsText()
        let labels = organizations.labels
        let org = { (slot: Int32) in labels.indices.contains(Int(slot)) ? labels[Int(slot)] : "_other" }
        let shards = allShards
        let cells = shards.map(\.cellSnapshot)
        let events = shards.map(\.eventSnapshot)

        renderRequests(cells, org: org, into: &text)
        renderDurations(shards, into: &text)

        var rateLimited: [String: Int] = [:]
        for shard in cells {
            for cell in shard.rateLimited { rateLimited[org(cell.org), default: 0] += cell.counter.value }
        }
        text.family(
            "roster_rate_limited_total", .counter,
            help: "SCIM requests refused with 429 by the organization's rate limit.")
        for (name, count) in rateLimited.sorted(by: { $0.key < $1.key }) {
            text.sample("roster_rate_limited_total", ["org": name], count)
        }

        var writes: [[String]: Int] = [:]
        for shard in events {
            for (key, count) in shard.writes {
                writes[[org(key.org), key.resource, key.operation], default: 0] += count
            }
        }
        text.family(
            "roster_provisioning_writes_total", .counter,
            help: "Committed provisioning writes (provisioning_log rows) by organization, resource type and operation.")
        for (key, count) in writes.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            text.sample(
                "roster_provisioning_writes_total", ["org": key[0], "resource": key[1], "operation": key[2]], count)
        }

        text.family(
            "roster_database_errors_total", .counter,
            help: "Database errors that failed a request or readiness check, by kind.")
        for kind in MetricsDatabaseErrorKind.allCases {
            text.sample(
                "roster_database_errors_total", ["kind": kind.rawValue],
                events.reduce(0) { $0 + ($1.databaseErrors[kind] ?? 0) })
        }
        text.family(
            "roster_database_retries_total", .counter,
            help: "Transactions run again after a deadlock or serialization failure, by kind.")
        for kind in [MetricsDatabaseErrorKind.deadlock, .serializationFailure] {
            text.sample(
                "roster_database_retries_total", ["kind": kind.rawValue],
                events.reduce(0) { $0 + ($1.retries[kind] ?? 0) })
        }

        renderServer(stats, limits: limits, into: &text)
        renderProcess(into: &text)
        return text.output
    }

    private func renderRequests(
        _ cells: [MetricsShard.Cells], org: (Int32) -> String, into text: inout MetricsText
    ) {
        var totals: [UInt64: Int] = [:]
        for shard in cells { for cell in shard.requests { totals[cell.key, default: 0] += cell.counter.value } }
        let rows = totals.compactMap { key, count -> (labels: [String], status: Int, count: Int)? in
            guard let key = RequestKey(packed: key) else { return nil }
            return ([org(key.org), key.route.label, key.method.label], key.status, count)
        }.sorted { $0.labels == $1.labels ? $0.status < $1.status : $0.labels.lexicographicallyPrecedes($1.labels) }
        text.family(
            "roster_http_requests_total", .counter,
            help:
                "Requests answered by the application, by organization (- for none), route template, method and status."
        )
        for row in rows {
            text.sample(
                "roster_http_requests_total",
                ["org": row.labels[0], "route": row.labels[1], "method": row.labels[2], "status": String(row.status)],
                row.count)
        }
    }

    private func renderDurations(_ shards: [MetricsShard], into text: inout MetricsText) {
        let name = "roster_http_request_duration_seconds"
        text.family(name, .histogram, help: "Time from a request's arrival to its response, by route template.")
        for route in MetricsRoute.allCases {
            var buckets = [Int](repeating: 0, count: MetricsHistogram.bounds.count + 1)
            var sum = 0
            for shard in shards {
                let histogram = shard.histograms[Int(route.rawValue)]
                for index in buckets.indices { buckets[index] += histogram.buckets[index].value }
                sum += histogram.sumNanoseconds.value
            }
            let count = buckets.reduce(0, +)
            guard count > 0 else { continue }
            var cumulative = 0
            for (index, bound) in MetricsHistogram.boundLabels.enumerated() {
                cumulative += buckets[index]
                text.sample(name + "_bucket", ["route": route.label, "le": bound], cumulative)
            }
            text.sample(name + "_bucket", ["route": route.label, "le": "+Inf"], count)
            text.sample(name + "_sum", ["route": route.label], Double(sum) / 1e9)
            text.sample(name + "_count", ["route": route.label], count)
        }
    }
}
