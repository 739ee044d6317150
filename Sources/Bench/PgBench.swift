import Foundation
import LocalPostgres

/// The database's own limit: `pgbench` running the statements a scenario makes Roster run (see
/// `PgBenchScripts`) with as many clients as the load generator has connections, prepared statements,
/// 2 threads, for the same duration, against the same database.
public struct PgBench: Sendable {
    /// What a run measured.
    public struct Result: Sendable, Equatable {
        /// Equivalent HTTP requests per second (script runs per second × requests each run stands for).
        public var requestRate: Double
        /// Script runs per second (pgbench's tps).
        public var scriptRate: Double
        /// Average latency of one script run (ms), as pgbench reports it.
        public var latencyMillis: Double?
        /// Clients that aborted on an error (then the rate is a lower bound).
        public var failed: Bool
        /// SQL statements per equivalent request, counted in the scripts.
        public var statementsPerRequest: Double
    }

    /// The pgbench binary.
    public let binary: String

    /// pgbench from PATH or the PostgreSQL installation, if any.
    public static func locate() -> PgBench? {
        if let tool = try? PostgresBinaries.locate().tool(named: "pgbench") { return PgBench(binary: tool) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/pgbench"
            if FileManager.default.isExecutableFile(atPath: candidate) { return PgBench(binary: candidate) }
        }
        return nil
    }

    /// Runs `scripts` (written to `folder`); a failure says why pgbench gave no figure.
    ///
    /// pgbench runs `warmup + duration` seconds with a progress line every second (`-P 1`); the rate is the
    /// mean of the lines after the warm-up, so its clients warm their caches and prepare their statements
    /// first, as the server's workers did.
    public func run(
        _ scripts: [PgBenchScript], databaseURL: String, connections: Int, duration: Double, warmup: Double,
        folder: String
    ) -> Swift.Result<Result, BenchFailure> {
        guard !scripts.isEmpty else { return .failure(BenchFailure("no pgbench script")) }
        let seconds = max(1, Int((warmup + duration).rounded()))
        var arguments = [
            "-n", "-M", "prepared", "-c", String(connections), "-j", String(min(2, connections)), "-T",
            String(seconds), "-P", "1",
        ]
        for (index, script) in scripts.enumerated() {
            let path = "\(folder)/pgbench-\(index).sql"
            do {
                try script.text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                return .failure(BenchFailure("cannot write \(path)"))
            }
            arguments += ["-f", "\(path)@\(script.weight)"]
        }
        arguments.append(databaseURL)
        guard let (status, output) = try? Subprocess.run(binary, arguments, timeout: Double(seconds) + 60) else {
            return .failure(BenchFailure("cannot run \(binary)"))
        }
        guard var result = Self.parse(output, scripts: scripts, warmup: warmup) else {
            let lines = output.split(separator: "\n").filter { $0.contains("error") || $0.contains("ERROR") }
            let reason = lines.isEmpty ? "exit status \(status)" : lines.prefix(3).joined(separator: " | ")
            return .failure(BenchFailure("pgbench failed: \(reason.prefix(600))"))
        }
        result.failed = status != 0 || output.contains("aborted")
        return .success(result)
    }

    /// Reads pgbench's output: the script runs per second after `warmup` (the mean of the `-P` progress
    /// lines; the summary's tps when there are none), times the requests a run stands for (with several
    /// scripts, weighed by how many runs each script made).
    static func parse(_ output: String, scripts: [PgBenchScript], warmup: Double = 0) -> Result? {
        var overall: Double?
        var latency: Double?
        var progress: [Double] = []
        var transactions: [Int: Double] = [:]
        var currentScript: Int?
        func number(_ text: Substring) -> Double? { Double(text.prefix { $0 == "." || $0.isNumber }) }
        for line in output.split(separator: "\n") {
            if line.hasPrefix("progress: "), let time = number(line.dropFirst(10)), time > warmup + 0.5,
                let comma = line.firstIndex(of: ","), let tps = number(line[line.index(after: comma)...].dropFirst())
            {
                progress.append(tps)
            } else if line.hasPrefix("SQL script "), let script = Int(line.dropFirst(11).prefix { $0.isNumber }) {
                currentScript = script - 1
            } else if line.hasPrefix("tps = ") {
                overall = number(line.dropFirst(6))
            } else if line.hasPrefix("latency average = ") {
                latency = number(line.dropFirst(18))
            } else if let script = currentScript, line.contains(" transactions ("),
                let count = number(line.drop { $0 == " " || $0 == "-" })
            {
                transactions[script] = count
            }
        }
        guard let overall else { return nil }
        let runs = progress.isEmpty ? overall : progress.reduce(0, +) / Double(progress.count)
        var requestsPerRun = Double(scripts[0].requests)
        if scripts.count > 1, transactions.count == scripts.count {
            let total = transactions.values.reduce(0, +)
            let requests = transactions.reduce(0.0) { $0 + $1.value * Double(scripts[$1.key].requests) }
            if total > 0 { requestsPerRun = requests / total }
        }
        // Statements over requests, both weighed by how often each script is picked.
        let requests = scripts.reduce(0) { $0 + $1.weight * $1.requests }
        let statements = scripts.reduce(0) { $0 + $1.weight * $1.statements }
        return Result(
            requestRate: runs * requestsPerRun, scriptRate: runs, latencyMillis: latency, failed: false,
            statementsPerRequest: requests > 0 ? Double(statements) / Double(requests) : 0)
    }
}

/// One pgbench script: SQL statements (`;`-terminated, one per line group) and `\set` lines.
public struct PgBenchScript: Sendable, Equatable {
    /// The script text.
    public var text: String
    /// pgbench's `@weight`.
    public var weight: Int
    /// HTTP requests one run of the script stands for.
    public var requests: Int

    /// A script.
    public init(text: String, weight: Int = 1, requests: Int = 1) {
        self.text = text
        self.weight = weight
        self.requests = requests
    }

    /// Data statements per run (lines ending with `;` or `\gset`, without BEGIN and COMMIT: see
    /// `StatementCounter` for why transaction control is not counted).
    public var statements: Int {
        text.split(separator: "\n").filter { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed != "BEGIN;" && trimmed != "COMMIT;" else { return false }
            return trimmed.hasSuffix(";") || trimmed.hasSuffix("\\gset")
        }.count
    }
}
