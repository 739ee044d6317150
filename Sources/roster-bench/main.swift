import Bench
import Foundation
import RosterCLI
import SCIM

// roster-bench: the project's benchmarks (see `roster-bench --help` and docs/performance.md).
//   roster-bench [options]                     the load test: its own PostgreSQL, seeded data, a Roster
//                                              server in a child process, pgbench and nginx side by side
//   json [iterations]                          parse + serialize of a typical ~1 KB SCIM user
//   seed ORGS USERS PREFIX OUTPUT              seed DATABASE_URL (used by docs/benchmarks/*.sh)
//   __serve --port N                           internal: the child process running `roster serve`
// Run release builds: swift run -c release roster-bench --scenario mix

let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String, status: Int32) -> Never {
    FileHandle.standardError.write(Data("roster-bench: \(message)\n".utf8))
    exit(status)
}

switch arguments.first {
case "__serve":
    // The server child: stop when the bench that started it is gone, however it ended.
    let parent = getppid()
    Thread.detachNewThread {
        while getppid() == parent { sleep(1) }
        kill(getpid(), SIGTERM)
    }
    exit(RosterCLI.run(["serve"] + arguments.dropFirst()))
case "json":
    let iterations = arguments.count > 1 ? Int(arguments[1]) ?? 50_000 : 50_000
    var results: [JSONBenchmark.Result] = []
    for _ in 0..<5 { results.append(JSONBenchmark.run(iterations: iterations)) }
    let parse = results.map(\.parseMicros).sorted()
    let serialize = results.map(\.serializeMicros).sorted()
    let size = results.first?.sampleBytes ?? 0
    print("json: \(size)-byte SCIM user, 5 runs × \(iterations) iterations")
    print(String(format: "  parse      min %.2f µs  median %.2f µs", parse[0], parse[2]))
    print(String(format: "  serialize  min %.2f µs  median %.2f µs", serialize[0], serialize[2]))
case "seed":
    guard arguments.count == 5, let orgs = Int(arguments[1]), let users = Int(arguments[2]),
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
    else { fail("usage: roster-bench seed ORGS USERS PREFIX OUTPUT (DATABASE_URL must be set)", status: 64) }
    do {
        try Seeder.run(databaseURL: url, organizations: orgs, users: users, prefix: arguments[3], output: arguments[4])
    } catch {
        fail(String(reflecting: error), status: 1)
    }
case "--help", "-h", "help":
    print(BenchOptions.help)
default:
    let options: BenchOptions
    do {
        options = try BenchOptions.parse(arguments)
    } catch {
        fail("\(error.description) (see roster-bench --help)", status: 64)
    }
    let cleanup = CleanupList()
    // Ctrl-C or SIGTERM: stop the server, nginx and PostgreSQL this run started before leaving.
    var signalSources: [DispatchSourceSignal] = []
    for number in [SIGINT, SIGTERM] {
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            FileHandle.standardError.write(Data("\nroster-bench: interrupted, cleaning up\n".utf8))
            cleanup.runAll()
            exit(130)
        }
        source.resume()
        signalSources.append(source)
    }
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/proc/self/exe"
    let runner = BenchRunner(
        options: options, launcher: { port in (executable, ["__serve", "--port", String(port)]) },
        progress: ProgressLine(), cleanup: cleanup)
    if let log = ProcessInfo.processInfo.environment["ROSTER_BENCH_SERVER_LOG"], !log.isEmpty {
        runner.serverLogPath = log
    }
    do {
        let report = try runner.run()
        if !report.results.isEmpty {
            print(report.table)
            print(report.footer)
        }
        if let path = options.jsonPath {
            try report.json().write(to: URL(fileURLWithPath: path))
            FileHandle.standardError.write(Data("roster-bench: wrote \(path)\n".utf8))
        }
    } catch {
        fail(String(describing: error), status: 1)
    }
}
