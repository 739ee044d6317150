/// Everything measured for one scenario.
public struct ScenarioResult: Sendable {
    /// The scenario.
    public var name: ScenarioName
    /// The Roster run.
    public var load: LoadResult
    /// The server's memory (nil when the server is not a child of the bench).
    public var memory: RSSSampler.Figures?
    /// SQL statements the database ran during the run (warm-up included; nil without pg_stat_statements).
    public var statements: Int?
    /// The most frequent statements of the run, schemas written as `org_*`.
    public var topStatements: [(calls: Int, query: String)] = []
    /// The database's limit for the equivalent statements.
    public var pgbench: PgBench.Result?
    /// nginx serving a static body of the scenario's mean response size.
    public var nginx: LoadResult?
    /// The body size nginx served.
    public var nginxBodySize: Int?
    /// wrk's rate and non-2xx count on the same requests (`get-user` only), to check the load generator.
    public var wrk: (rate: Double, errors: Int)?
    /// What went wrong in a part of the measurement (pgbench errors, for example).
    public var notes: [String] = []

    /// A result of `name` from `load`.
    public init(name: ScenarioName, load: LoadResult) {
        self.name = name
        self.load = load
    }

    /// Statements per request (warm-up requests included, as their statements are).
    public var statementsPerRequest: Double? {
        guard let statements else { return nil }
        let requests = load.requests + load.warmupRequests
        return requests > 0 ? Double(statements) / Double(requests) : nil
    }

    /// Roster's rate as a share of pgbench's equivalent rate.
    public var pgbenchRatio: Double? {
        guard let rate = pgbench?.requestRate, rate > 0 else { return nil }
        return load.rate / rate
    }

    /// Roster's rate as a share of nginx's.
    public var nginxRatio: Double? {
        guard let rate = nginx?.rate, rate > 0 else { return nil }
        return load.rate / rate
    }
}
