import Foundation
import Synchronization
import TestSupport

/// Runs the cases on parallel client connections while watching the server: a `/healthz` probe and a
/// `VmRSS` sample every `healthEvery` requests, the process still alive, the time limit.
final class FuzzRunner: Sendable {
    let options: FuzzOptions
    let setup: FuzzSetup
    let generator: RequestGenerator
    private let nextCase = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let failures = Mutex<[FuzzFailure]>([])
    private let tallies = Mutex<FuzzTally>(FuzzTally())

    init(options: FuzzOptions, setup: FuzzSetup) {
        self.options = options
        self.setup = setup
        generator = RequestGenerator(seed: options.seed, target: setup.target)
    }

    /// Runs the whole campaign; returns true when every check held.
    func run() -> Bool {
        let server = setup.server
        let baseline = server.residentKilobytes ?? 0
        say(
            "roster-fuzz: seed \(options.seed), \(options.requests) requests, \(options.clients) connections,"
                + " time limit \(Int(options.timeLimit)) s; server pid \(server.pid) on port \(server.port),"
                + " RSS after seeding \(baseline / 1024) MiB")
        let group = DispatchGroup()
        for _ in 0..<options.clients {
            group.enter()
            Thread { [self] in
                defer { group.leave() }
                work()
            }.start()
        }
        let started = Date()
        var nextProbe = options.healthEvery
        var nextProgress = 10.0
        var probes = 0
        var slowestProbe = 0.0
        var peak = baseline
        var early: Int?
        var problems: [String] = []
        while group.wait(timeout: .now() + 0.05) == .timedOut {
            let done = completed.load(ordering: .relaxed)
            let elapsed = Date().timeIntervalSince(started)
            if !server.isRunning {
                problems.append("the server process exited (crash?): \(server.standardErrorTail.suffix(2_000))")
                stopping.store(true, ordering: .relaxed)
                continue
            }
            if done >= nextProbe {
                nextProbe += options.healthEvery
                probes += 1
                let (ok, seconds) = Self.probeHealth(port: server.port)
                slowestProbe = max(slowestProbe, seconds)
                if !ok {
                    problems.append("GET /healthz failed after \(done) requests (\(String(format: "%.2f", seconds)) s)")
                    stopping.store(true, ordering: .relaxed)
                }
                let rss = server.residentKilobytes ?? 0
                peak = max(peak, rss)
                if early == nil, done >= options.requests / 10 { early = rss }
                if rss > options.rssLimit * 1024 {
                    problems.append("server RSS \(rss / 1024) MiB over the \(options.rssLimit) MiB bound")
                    stopping.store(true, ordering: .relaxed)
                }
            }
            if elapsed >= nextProgress {
                nextProgress += 10
                say(
                    String(
                        format: "  %6.0f s: %7d requests, %5.0f/s, server RSS %d MiB", elapsed, done,
                        Double(done) / elapsed, (server.residentKilobytes ?? 0) / 1024))
            }
            if elapsed > options.timeLimit, !stopping.load(ordering: .relaxed) {
                problems.append(
                    "time limit: only \(done) of \(options.requests) requests in \(Int(options.timeLimit)) s")
                stopping.store(true, ordering: .relaxed)
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        let done = completed.load(ordering: .relaxed)
        let final = server.residentKilobytes ?? 0
        peak = max(peak, final)
        let (finalHealth, _) = Self.probeHealth(port: server.port)
        if server.isRunning, !finalHealth { problems.append("GET /healthz failed after the run") }
        let growth = final - (early ?? baseline)
        if problems.isEmpty, failures.withLock({ $0.isEmpty }), growth > options.rssGrowthLimit * 1024 {
            problems.append(
                "server RSS grew \(growth / 1024) MiB after the first tenth (bound \(options.rssGrowthLimit) MiB)")
        }
        report(
            done: done, elapsed: elapsed, probes: probes, slowestProbe: slowestProbe,
            memory: (baseline, early ?? baseline, peak, final))
        for failure in failures.withLock({ $0 }) { say(failure.describe(seed: options.seed)) }
        for problem in problems { say("FAILURE: \(problem)") }
        let passed = problems.isEmpty && failures.withLock { $0.isEmpty } && done >= options.requests
        say(passed ? "roster-fuzz: PASS" : "roster-fuzz: FAIL (seed \(options.seed))")
        return passed
    }

    /// One client thread: takes the next case number until the run is done or stopping.
    private func work() {
        let worker = FuzzWorker(port: setup.server.port, timeout: 20)
        defer { tallies.withLock { $0.add(worker.tally) } }
        while !stopping.load(ordering: .relaxed) {
            let index = nextCase.add(1, ordering: .relaxed).oldValue
            guard index < options.requests else { return }
            let fuzzCase = generator.make(index)
            do {
                try worker.run(fuzzCase)
            } catch {
                failures.withLock {
                    $0.append(FuzzFailure(fuzzCase: fuzzCase, reason: error.reason, response: error.response))
                }
                stopping.store(true, ordering: .relaxed)
                return
            }
            completed.add(1, ordering: .relaxed)
        }
    }

    /// `GET /healthz` on a new connection: 200 within 5 s.
    static func probeHealth(port: Int) -> (Bool, Double) {
        let started = Date()
        guard let connection = FuzzConnection(port: port, timeout: 5) else { return (false, 0) }
        defer { connection.close() }
        guard connection.send(Array("GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n".utf8)) == nil,
            case .response(let response) = connection.readResponse(isHead: false)
        else { return (false, Date().timeIntervalSince(started)) }
        let seconds = Date().timeIntervalSince(started)
        return (response.status == 200 && seconds < 5, seconds)
    }

    private func report(
        done: Int, elapsed: Double, probes: Int, slowestProbe: Double, memory: (Int, Int, Int, Int)
    ) {
        let tally = tallies.withLock { $0 }
        let statuses = tally.statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(
            separator: ", ")
        let kinds = tally.kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        say(
            String(
                format: "roster-fuzz: %d requests in %.1f s (%.0f requests/s)", done, elapsed,
                Double(done) / max(elapsed, 0.001)))
        say("  kinds: \(kinds)")
        let time = tally.seconds.sorted { $0.value > $1.value }.map { String(format: "%@ %.1f", $0.key, $0.value) }
        say("  seconds by kind (summed over connections): \(time.joined(separator: ", "))")
        let slowest = tally.slowest.map { String(format: "#%d %.2f s", $0.index, $0.seconds) }
        say("  slowest cases: \(slowest.joined(separator: ", "))")
        say(
            "  \(tally.raw) on raw half-closed connections (\(tally.cleanCloses) closed without a reply),"
                + " \(done - tally.raw) on kept-alive connections (\(tally.silentCloses) found closed before reuse)")
        say("  replies by status: \(statuses); \(tally.headErrorBodies) HEAD requests refused with a body")
        say(
            String(
                format: "  bytes sent %.1f MB, received %.1f MB", Double(tally.bytesSent) / 1e6,
                Double(tally.bytesReceived) / 1e6))
        say(String(format: "  /healthz probes: %d, slowest %.3f s", probes, slowestProbe))
        say(
            "  server RSS (MiB): after seeding \(memory.0 / 1024), after the first tenth \(memory.1 / 1024),"
                + " peak \(memory.2 / 1024), at the end \(memory.3 / 1024); bounds: peak ≤ \(options.rssLimit),"
                + " growth after the first tenth ≤ \(options.rssGrowthLimit)")
    }
}
