import Foundation

extension BenchReport {
    /// The whole report as pretty-printed JSON (keys sorted).
    public func json() throws -> Data {
        try JSONSerialization.data(withJSONObject: jsonObject, options: [.prettyPrinted, .sortedKeys])
    }

    var jsonObject: [String: Any] {
        var machineObject: [String: Any] = [
            "cores": machine.cores, "memory_bytes": machine.memory, "build": machine.build, "date": machine.date,
        ]
        machineObject["cpu"] = machine.cpu
        machineObject["kernel"] = machine.kernel
        machineObject["commit"] = machine.commit
        machineObject["postgres"] = postgresVersion
        var object: [String: Any] = [
            "machine": machineObject,
            "options": [
                "organizations": options.organizations, "users": options.users, "groups": options.groups,
                "connections": options.connections, "duration_s": options.duration, "warmup_s": options.warmup,
                "big_group": options.bigGroup, "seed": options.seed,
                "scenarios": options.scenarios.map(\.rawValue),
            ] as [String: Any],
            "mix_weights": Dictionary(uniqueKeysWithValues: MixScenario.weights.map { ($0.name.rawValue, $0.weight) }),
            "scenarios": results.map(Self.scenarioObject),
            "notes": notes,
        ]
        object["seed_seconds"] = seedSeconds
        if let check = wrkCheck {
            object["load_generator_check"] =
                [
                    "scenario": "get-user", "roster_bench_rps": check.bench, "wrk_rps": check.wrk,
                    "wrk_non_2xx": check.wrkErrors,
                ] as [String: Any]
        }
        return object
    }

    static func scenarioObject(_ result: ScenarioResult) -> [String: Any] {
        var object: [String: Any] = [
            "name": result.name.rawValue,
            "roster": loadObject(result.load),
            "notes": result.notes,
            "top_statements": result.topStatements.map { ["calls": $0.calls, "query": $0.query] as [String: Any] },
        ]
        object["statements"] = result.statements
        object["statements_per_request"] = result.statementsPerRequest
        object["ratio_pgbench"] = result.pgbenchRatio
        object["ratio_nginx"] = result.nginxRatio
        if let memory = result.memory {
            var figures: [String: Any] = ["peak_vmrss_kib": memory.peakSampled]
            figures["vmhwm_kib"] = memory.highWaterMark
            figures["vmrss_after_kib"] = memory.after
            object["server_memory"] = figures
        }
        if let pgbench = result.pgbench {
            var figures: [String: Any] = [
                "request_rate": pgbench.requestRate, "script_tps": pgbench.scriptRate,
                "statements_per_request": pgbench.statementsPerRequest, "client_aborted": pgbench.failed,
            ]
            figures["latency_average_ms"] = pgbench.latencyMillis
            object["pgbench"] = figures
        }
        if let nginx = result.nginx {
            var figures = loadObject(nginx)
            figures["body_bytes"] = result.nginxBodySize
            object["nginx"] = figures
        }
        return object
    }

    static func loadObject(_ load: LoadResult) -> [String: Any] {
        let latency = load.latency
        return [
            "requests": load.requests, "warmup_requests": load.warmupRequests, "rps": load.rate,
            "duration_s": load.duration,
            "latency_us": [
                "p50": latency.percentile(50), "p90": latency.percentile(90), "p99": latency.percentile(99),
                "p999": latency.percentile(99.9), "max": latency.max, "min": latency.min, "mean": latency.mean,
            ] as [String: Any],
            "statuses": Dictionary(uniqueKeysWithValues: load.statuses.map { (String($0.key), $0.value) }),
            "errors": load.errors, "error_samples": load.errorSamples, "mean_body_bytes": load.meanBodySize,
        ]
    }
}
