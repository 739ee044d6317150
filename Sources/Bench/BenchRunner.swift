import Foundation
import Postgres

/// One `roster-bench` run: a private PostgreSQL (unless `--database-url`), the seeded dataset, a Roster
/// server as a child process (unless `--server-url`), nginx, then each scenario measured against Roster,
/// pgbench and nginx in turn. Everything it started is stopped, and its scratch folder removed, at the end.
public final class BenchRunner {
    /// How to start a Roster server listening on a port: executable, arguments.
    public typealias ServerLauncher = @Sendable (_ port: Int) -> (executable: String, arguments: [String])

    let options: BenchOptions
    let launcher: ServerLauncher
    let progress: ProgressLine
    let cleanup: CleanupList
    /// Extra environment for the server (tests shorten timeouts, for example).
    public var serverEnvironment: [String: String] = [:]
    /// Where the server's standard output (its access log) goes; nil discards it.
    public var serverLogPath: String?

    /// A runner for `options`; `launcher` starts a server (`roster serve`), `cleanup` collects what to stop.
    public init(options: BenchOptions, launcher: @escaping ServerLauncher, progress: ProgressLine, cleanup: CleanupList)
    {
        self.options = options
        self.launcher = launcher
        self.progress = progress
        self.cleanup = cleanup
    }

    /// Runs everything and returns the report.
    public func run() throws -> BenchReport {
        var report = BenchReport(options: options, machine: MachineInfo())
        let work = try makeWorkDirectory()
        defer { cleanup.runAll() }

        let databaseURL: String
        if let url = options.databaseURL {
            databaseURL = url
        } else {
            progress.update("starting PostgreSQL in \(work)/pg …")
            let cluster = try BenchCluster(folder: work + "/pg", organizations: options.organizations)
            cleanup.add { cluster.stop() }
            databaseURL = cluster.databaseURL
            if !cluster.hasStatementStatistics {
                report.notes.append("pg_stat_statements is not installed: stmts/req is n/a")
            }
        }
        report.postgresVersion = try? Connection(databaseURL, applicationName: "roster-bench")
            .query("SELECT version()")[0].decode(String.self, at: 0)

        let dataset: BenchDataset
        if options.serverURL != nil, let tokens = options.tokensFile {
            dataset = try BenchDataset.read(
                tokensFile: tokens, users: options.users, bigGroup: options.bigGroup, groups: options.groups)
        } else {
            let started = ContinuousClock.now
            dataset = try BenchSeeder(databaseURL: databaseURL, options: options).run(progress: progress)
            let elapsed = (ContinuousClock.now - started).components
            report.seedSeconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            if let tokens = options.tokensFile {
                try dataset.tokenLines.write(toFile: tokens, atomically: true, encoding: .utf8)
            }
        }
        if options.needsGroupOrganization && dataset.groupOrganization == nil {
            throw BenchFailure("the dataset has no groups.bench.test organization for the patch-group-add scenarios")
        }
        guard options.startsServer else { return report }

        let (address, server) = try startServer(databaseURL: databaseURL, work: work)
        let counter = try StatementCounter(databaseURL: databaseURL)
        cleanup.add { counter.close() }
        if !counter.isAvailable && !report.notes.contains(where: { $0.contains("pg_stat_statements") }) {
            report.notes.append("pg_stat_statements is not readable in this database: stmts/req is n/a")
        }
        let nginx = startNginx(work: work, report: &report)
        let pgbench = options.runsPgBench ? PgBench.locate() : nil
        if options.runsPgBench && pgbench == nil { report.notes.append("pgbench not found: ×pgbench is n/a") }

        let measure = ScenarioMeasurement(
            options: options, dataset: dataset, address: address, serverPID: server?.pid, counter: counter,
            pgbench: pgbench, databaseURL: databaseURL, nginx: nginx, work: work, progress: progress)
        for name in options.scenarios {
            let result = measure.run(name)
            report.results.append(result)
            if let wrk = result.wrk { report.wrkCheck = (result.load.rate, wrk.rate, wrk.errors) }
        }
        progress.finish("done")
        return report
    }

    private func makeWorkDirectory() throws -> String {
        if let folder = options.workDirectory {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return folder
        }
        var template = Array("/tmp/roster-bench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchFailure("cannot create a folder in /tmp") }
        let folder = String(cString: made)
        // The PostgreSQL and nginx workers may run as other users.
        chmod(folder, 0o755)
        cleanup.add { try? FileManager.default.removeItem(atPath: folder) }
        return folder
    }

    private func startServer(databaseURL: String, work: String) throws -> (BenchAddress, ServerProcess?) {
        if let url = options.serverURL { return (try BenchAddress(url: url), nil) }
        guard let port = BenchAddress.freePort() else { throw BenchFailure("no free port for the server") }
        progress.update("starting the Roster server on port \(port) …")
        var environment = ProcessInfo.processInfo.environment
        for key in ["PORT", "ROSTER_HTTP_PORT", "SCIM_AUTH_TOKEN", "SCIM_AUTH_TOKEN_ORG"] { environment[key] = nil }
        environment["DATABASE_URL"] = databaseURL
        environment["ROSTER_RATE_LIMIT"] = "0"
        environment["ROSTER_HTTP_HOST"] = "127.0.0.1"
        environment["ROSTER_PUBLIC_SCHEME"] = "http"
        environment.merge(serverEnvironment) { $1 }
        let (executable, arguments) = launcher(port)
        let server = try ServerProcess(
            executable: executable, arguments: arguments, environment: environment, port: port, logPath: serverLogPath,
            errorPath: work + "/server.stderr")
        cleanup.add { server.stop() }
        return (server.address, server)
    }

    private func startNginx(work: String, report: inout BenchReport) -> NginxServer? {
        guard options.runsNginx else { return nil }
        guard let binary = NginxServer.locate() else {
            report.notes.append("nginx not found: ×nginx is n/a (apt-get install nginx-light)")
            return nil
        }
        do {
            let nginx = try NginxServer(binary: binary, folder: work + "/nginx")
            cleanup.add { nginx.stop() }
            return nginx
        } catch {
            report.notes.append("nginx did not start: \(error)")
            return nil
        }
    }
}
