import Foundation

/// What one `roster-bench` run does: the dataset, the load, the scenarios and where the report goes.
public struct BenchOptions: Sendable, Equatable {
    /// Organizations in the random pool (`--orgs`).
    public var organizations = 10
    /// Users per organization (`--users`).
    public var users = 10_000
    /// Groups per organization, with realistic membership (`--groups`).
    public var groups = 20
    /// Keep-alive connections of the load generator, and pgbench clients (`--connections`).
    public var connections = 32
    /// Measured seconds per scenario (`--duration`).
    public var duration = 10.0
    /// Seconds of load before the measurement of each scenario starts (`--warmup`).
    public var warmup = 2.0
    /// The scenarios, in the order they run (`--scenario NAME[,NAME…]|all|mix`).
    public var scenarios: [ScenarioName] = [.mix]
    /// Where to write the JSON report (`--json`).
    public var jsonPath: String?
    /// pgbench clients (`--pgbench-clients`; the load generator's connections by default). Roster itself
    /// holds one database connection per worker (`ROSTER_HTTP_WORKERS`), so with row locks fewer clients
    /// may be the fairer limit; the issue asks for the same count.
    public var pgbenchClientCount: Int?
    /// pgbench clients in effect.
    public var pgbenchClients: Int { pgbenchClientCount ?? connections }
    /// Whether to run pgbench for the database's limit (off with `--no-pgbench`).
    public var runsPgBench = true
    /// Whether to run nginx for the HTTP ceiling (off with `--no-nginx`).
    public var runsNginx = true
    /// Whether to compare the load generator with wrk once, on `get-user` (off with `--no-wrk`).
    public var runsWrk = true
    /// Members of the big group of `patch-group-add-big` (`--big-group`).
    public var bigGroup = 100_000
    /// Seed of the random request generators (`--seed`).
    public var seed: UInt64 = 1
    /// An existing database to seed and use instead of a private cluster (`--database-url`).
    public var databaseURL: String?
    /// An existing Roster server to load instead of starting one (`--server-url`, needs `--tokens`).
    public var serverURL: String?
    /// The `host token` lines of an already seeded dataset, for `--server-url` (`--tokens`).
    public var tokensFile: String?
    /// Seed and report the database only, start no server (`--no-server`).
    public var startsServer = true
    /// Where the private cluster, nginx and scratch files live (`--work-dir`; a fresh /tmp folder by default).
    public var workDirectory: String?

    /// The defaults: 10 organizations × 10,000 users, 32 connections, 10 s per scenario, the `mix` scenario.
    public init() {}

    /// Whether the dedicated organization holding the 10-member and the big group is needed.
    public var needsGroupOrganization: Bool {
        scenarios.contains(.patchGroupAdd) || scenarios.contains(.patchGroupAddBig)
    }

    /// Parses the command-line words after the program name.
    public static func parse(_ words: [String]) throws(BenchUsageError) -> BenchOptions {
        var options = BenchOptions()
        var index = 0
        func value(_ name: String) throws(BenchUsageError) -> String {
            index += 1
            guard index < words.count, !words[index].hasPrefix("--") else {
                throw BenchUsageError("\(name) needs a value")
            }
            return words[index]
        }
        func integer(_ name: String, _ range: ClosedRange<Int>) throws(BenchUsageError) -> Int {
            let text = try value(name)
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), range.contains(number) else {
                throw BenchUsageError("\(name) must be an integer in \(range.lowerBound)...\(range.upperBound)")
            }
            return number
        }
        func seconds(_ name: String) throws(BenchUsageError) -> Double {
            let text = try value(name)
            guard let number = Double(text), number >= 0, number <= 86_400 else {
                throw BenchUsageError("\(name) must be a number of seconds between 0 and 86400")
            }
            return number
        }
        while index < words.count {
            let word = words[index]
            switch word {
            case "--orgs": options.organizations = try integer(word, 1...100_000)
            case "--users": options.users = try integer(word, 20...10_000_000)
            case "--groups": options.groups = try integer(word, 1...10_000)
            case "--connections": options.connections = try integer(word, 1...4_096)
            case "--duration": options.duration = max(0.1, try seconds(word))
            case "--warmup": options.warmup = try seconds(word)
            case "--scenario": options.scenarios = try ScenarioName.parseList(try value(word))
            case "--json": options.jsonPath = try value(word)
            case "--no-pgbench": options.runsPgBench = false
            case "--pgbench-clients": options.pgbenchClientCount = try integer(word, 1...1_000)
            case "--no-nginx": options.runsNginx = false
            case "--no-wrk": options.runsWrk = false
            case "--big-group": options.bigGroup = try integer(word, 10...10_000_000)
            case "--seed":
                guard let seed = UInt64(try value(word)) else { throw BenchUsageError("--seed must be an integer") }
                options.seed = seed
            case "--database-url": options.databaseURL = try value(word)
            case "--server-url": options.serverURL = try value(word)
            case "--tokens": options.tokensFile = try value(word)
            case "--no-server": options.startsServer = false
            case "--work-dir": options.workDirectory = try value(word)
            default: throw BenchUsageError("unknown option '\(word.prefix(40))'")
            }
            index += 1
        }
        if options.serverURL != nil, options.tokensFile == nil {
            throw BenchUsageError("--server-url needs --tokens FILE (the 'host token' lines of the seeded dataset)")
        }
        if options.serverURL != nil, !options.startsServer {
            throw BenchUsageError("--server-url and --no-server exclude each other")
        }
        return options
    }

    /// The help text.
    public static let help = """
        usage: roster-bench [options]          load test (starts its own PostgreSQL and Roster server)
               roster-bench json [iterations]  JSON parse + serialize microbenchmark
               roster-bench seed ORGS USERS PREFIX OUTPUT   seed DATABASE_URL (for docs/benchmarks/*.sh)

        options:
          --scenario NAME[,NAME…]|all|mix  scenarios to run (default mix); names: \(ScenarioName.allCases.map(\.rawValue).joined(separator: " "))
          --orgs N            organizations (default 10)        --users M      users per organization (10000)
          --groups G          groups per organization (20)       --big-group N  members of the big group (100000)
          --connections C     keep-alive connections (32)        --duration D   measured seconds per scenario (10)
          --warmup W          seconds of load before measuring (2)
          --json FILE         write the full report as JSON      --seed S       seed of the request generators (1)
          --no-pgbench        skip the database limit            --no-nginx     skip the HTTP ceiling
          --pgbench-clients N pgbench clients (default: --connections)
          --no-wrk            skip the load-generator check against wrk
          --database-url URL  seed and use this database instead of a private cluster
          --server-url URL --tokens FILE   load an existing, already seeded server ('host token' lines)
          --no-server         seed only; start no server and run no scenario
          --work-dir DIR      scratch folder (default: a fresh /tmp/roster-bench-* folder, removed at the end)
        """
}

/// A bad command line: the message says what is wrong (exit 64).
public struct BenchUsageError: Error, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
