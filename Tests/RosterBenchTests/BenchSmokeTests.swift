import Foundation
import TestSupport
import Testing

@testable import Bench

/// One short run of the whole harness: its own PostgreSQL, seeding, the `roster` binary as the server,
/// the load generator, pg_stat_statements, pgbench and nginx when installed.
@Suite struct BenchSmokeTests {
    @Test func shortRunReportsSaneFigures() throws {
        var options = BenchOptions()
        options.organizations = 2
        options.users = 300
        options.groups = 3
        options.connections = 4
        options.duration = 2
        options.warmup = 0.5
        options.scenarios = [.getUser]
        options.runsWrk = false
        let roster = RosterProcess.executable.path
        let runner = BenchRunner(
            options: options, launcher: { port in (roster, ["serve", "--port", String(port)]) },
            progress: ProgressLine(quiet: true), cleanup: CleanupList())
        let report = try runner.run()

        let first = report.results.first
        let result = try #require(first)
        #expect(report.results.count == 1 && result.name == .getUser)
        #expect(result.load.requests > 20, "a debug server still answers dozens of requests in 2 s")
        #expect(result.load.errors.isEmpty, "\(result.load.errors)")
        #expect(result.load.statuses[200] == result.load.requests)
        let latency = result.load.latency
        #expect(latency.percentile(50) > 0 && latency.percentile(50) <= latency.percentile(99))
        #expect(latency.percentile(99) <= latency.max && latency.max < 10_000_000)
        #expect(abs(result.load.rate - Double(result.load.requests) / 2) < 1)
        #expect(result.load.meanBodySize > 500, "a seeded user is about 1 KB")
        let memory = try #require(result.memory)
        #expect(memory.peakSampled > 1_024 && memory.peakSampled < 1_024 * 1_024)
        if let perRequest = result.statementsPerRequest {
            // One SELECT per GET, plus the tenant and token lookups of the first requests of each worker.
            #expect(perRequest >= 1 && perRequest < 1.5)
        }
        let notes = result.notes
        if PgBench.locate() != nil {
            let pgbench = result.pgbench
            #expect(pgbench != nil, "\(notes)")
            #expect((pgbench?.requestRate ?? 0) > 0 && pgbench?.statementsPerRequest == 1)
            #expect(result.pgbenchRatio != nil)
        }
        if NginxServer.locate() != nil {
            let nginx = result.nginx
            #expect(nginx?.errors.isEmpty == true && (nginx?.rate ?? 0) > 0)
            #expect(result.nginxBodySize == result.load.meanBodySize)
        }
        let json = try JSONSerialization.jsonObject(with: report.json()) as? [String: Any]
        #expect((json?["scenarios"] as? [Any])?.count == 1)
        #expect(report.table.contains("get-user"))
    }
}
