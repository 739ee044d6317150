import Foundation

/// The results of a run: a table for the terminal and a JSON document with everything.
public struct BenchReport: Sendable {
    /// The options of the run.
    public var options: BenchOptions
    /// The machine and build.
    public var machine: MachineInfo
    /// One result per scenario, in run order.
    public var results: [ScenarioResult] = []
    /// The load generator checked against wrk on `get-user`: both rates.
    public var wrkCheck: (bench: Double, wrk: Double, wrkErrors: Int)?
    /// Seconds the seeding took (nil when not seeded).
    public var seedSeconds: Double?
    /// PostgreSQL's `version()`.
    public var postgresVersion: String?
    /// Notes for the reader (missing tools, failures of a part).
    public var notes: [String] = []

    /// A report of a run with `options` on `machine`.
    public init(options: BenchOptions, machine: MachineInfo) {
        self.options = options
        self.machine = machine
    }

    /// The table: one row per scenario.
    public var table: String {
        let header = [
            "scenario", "req/s", "×pgbench", "×nginx", "p50", "p90", "p99", "max", "errors", "stmts/req", "RSS",
        ]
        var rows = [header]
        for result in results {
            let latency = result.load.latency
            rows.append([
                result.name.rawValue, Format.rate(result.load.rate), Format.ratio(result.pgbenchRatio),
                Format.ratio(result.nginxRatio), Format.latency(Double(latency.percentile(50))),
                Format.latency(Double(latency.percentile(90))), Format.latency(Double(latency.percentile(99))),
                Format.latency(Double(latency.max)), result.load.errorSummary,
                result.statementsPerRequest.map { String(format: "%.1f", $0) } ?? "n/a",
                Format.mebibytes(result.memory?.peakSampled),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var lines = rows.map { row in
            row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 || column == 8 ? cell + pad : pad + cell
            }.joined(separator: "  ")
        }
        lines.insert(String(repeating: "-", count: lines[0].count), at: 1)
        return lines.joined(separator: "\n")
    }

    /// The summary lines under the table: setup, limits and the wrk check.
    public var footer: String {
        var lines: [String] = []
        let o = options
        lines.append(
            "\(o.organizations) organizations × \(o.users) users, \(o.groups) groups each, \(o.connections) connections, "
                + "\(o.warmup) s warm-up + \(o.duration) s per scenario; \(machine.cores) cores, "
                + "\(machine.memory / 1_073_741_824) GiB, \(machine.build) build, commit \(machine.commit ?? "?")")
        lines.append(
            "×pgbench: Roster's rate / pgbench running the same statements (-M prepared, -c \(o.pgbenchClients) -j 2); "
                + "×nginx: / nginx (1 worker) serving a static body of the same size; RSS: server peak VmRSS")
        if results.contains(where: { $0.name == .mix }) { lines.append("mix: " + MixScenario.description) }
        if let check = wrkCheck {
            lines.append(
                "load generator check (get-user): roster-bench \(Format.rate(check.bench)) req/s, wrk "
                    + "\(Format.rate(check.wrk)) req/s (ratio \(Format.ratio(check.bench / max(check.wrk, 1))))"
                    + (check.wrkErrors > 0 ? ", wrk non-2xx: \(check.wrkErrors)" : ""))
        }
        lines += notes.map { "note: " + $0 }
        for result in results {
            lines += result.notes.map { "note (\(result.name.rawValue)): " + $0 }
            for (status, body) in result.load.errorSamples.sorted(by: { $0.key < $1.key }) {
                lines.append("note (\(result.name.rawValue)): \(status): \(body.prefix(200))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
