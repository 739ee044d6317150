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
    public func run(
        _ scripts: [PgBenchScript], databaseURL: String, connections: Int, duration: Double, folder: String
    ) -> Swift.Result<Result, BenchFailure> {
        guard !scripts.isEmpty else { return .failure(BenchFailure("no pgbench script")) }
        var arguments = [
            "-n", "-M", "prepared", "-c", String(connections), "-j", String(min(2, connections)), "-T",
            String(max(1, Int(duration.rounded()))),
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
        guard let (status, output) = try? Subprocess.run(binary, arguments, timeout: duration + 60) else {
            return .failure(BenchFailure("cannot run \(binary)"))
        }
        guard var result = Self.parse(output, scripts: scripts) else {
            let lines = output.split(separator: "\n").filter { $0.contains("error") || $0.contains("ERROR") }
            let reason = lines.isEmpty ? "exit status \(status)" : lines.prefix(3).joined(separator: " | ")
            return .failure(BenchFailure("pgbench failed: \(reason.prefix(600))"))
        }
        result.failed = status != 0 || output.contains("aborted")
        return .success(result)
    }

    /// Reads pgbench's summary: the overall tps, and with several scripts each script's tps (so scripts that
    /// stand for different numbers of requests are weighed right).
    static func parse(_ output: String, scripts: [PgBenchScript]) -> Result? {
        var overall: Double?
        var latency: Double?
        var perScript: [Int: Double] = [:]
        var currentScript: Int?
        for line in output.split(separator: "\n") {
            if line.hasPrefix("SQL script "), let number = Int(line.dropFirst(11).prefix { $0.isNumber }) {
                currentScript = number - 1
            } else if line.hasPrefix("tps = ") {
                overall = Double(line.dropFirst(6).prefix { $0 == "." || $0.isNumber })
            } else if line.hasPrefix("latency average = ") {
                latency = Double(line.dropFirst(18).prefix { $0 == "." || $0.isNumber })
            } else if let script = currentScript, line.contains("transactions ("), let range = line.range(of: "tps = ")
            {
                perScript[script] = Double(line[range.upperBound...].prefix { $0 == "." || $0.isNumber })
            }
        }
        guard let overall else { return nil }
        let requestRate: Double
        if scripts.count > 1, perScript.count == scripts.count {
            requestRate = perScript.reduce(0) { $0 + $1.value * Double(scripts[$1.key].requests) }
        } else {
            requestRate = overall * Double(scripts[0].requests)
        }
        let weight = scripts.reduce(0) { $0 + $1.weight }
        let statements = scripts.reduce(0.0) { $0 + Double($1.weight) * Double($1.statements) / Double($1.requests) }
        return Result(
            requestRate: requestRate, scriptRate: overall, latencyMillis: latency, failed: false,
            statementsPerRequest: weight > 0 ? statements / Double(weight) : 0)
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
