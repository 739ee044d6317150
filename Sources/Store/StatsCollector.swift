import Foundation
import Postgres
import Synchronization

/// Fills the tables behind the operations dashboards (`sql/dashboards.sql`): a thread that every
/// ``checkInterval`` tries to claim a collection run (`roster.claim_stats_collection`, which succeeds for one
/// process once per ``runInterval``), and then calls `roster.collect_org_stats` for every organization, each in
/// its own transaction, so no statement ever locks more than one organization's tables. Failures are logged
/// and the run goes on with the next organization.
public final class StatsCollector: Sendable {
    /// How often a process tries to claim a run (seconds).
    public static let checkInterval = 30.0
    /// The least time between the starts of two runs, across all processes (PostgreSQL interval text).
    public static let runInterval = "5 minutes"
    /// The longest one statement of a run may wait for the database (seconds).
    public static let statementTimeout = 120.0

    private let connectionString: String
    private let log: @Sendable (String) -> Void
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)

    /// A collector for the database of `connectionString`; `log` gets one line per failure.
    public init(connectionString: String, log: @escaping @Sendable (String) -> Void) {
        self.connectionString = connectionString
        self.log = log
    }

    /// Starts the thread (once); the first claim is tried at once.
    public func start() {
        guard !running.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "roster-stats"
        thread.start()
    }

    /// Stops the thread within a quarter second (a run stops after its current organization).
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Runs a collection if this process can claim one (or always, with `force`); returns the number of
    /// organizations collected, nil when another run was too recent.
    @discardableResult
    public func collectIfDue(force: Bool = false) throws(PostgresError) -> Int? {
        let connection = try Connection(connectionString, applicationName: "roster-stats")
        defer { connection.close() }
        // A frozen database must not hold this thread forever; one organization takes milliseconds.
        connection.queryTimeout = Self.statementTimeout
        if !force {
            let claimed: Bool = try connection.query(
                "SELECT roster.claim_stats_collection(\(Self.runInterval)::interval)")[0].decode(at: 0)
            guard claimed else { return nil }
        }
        var ids: [Int64] = []
        for row in try connection.query("SELECT id FROM roster.organizations ORDER BY id").rows {
            ids.append(try row.decode(at: 0))
        }
        var collected = 0
        for id in ids {
            if stopped.load(ordering: .relaxed) { break }
            do {
                try connection.execute("SELECT roster.collect_org_stats(\(id))")
                collected += 1
            } catch  where !error.isConnectionError {
                log("organization \(id): \(error.debugDescription)")
            }
        }
        try connection.execute("SELECT roster.finish_stats_collection(\(collected))")
        return collected
    }

    private func run() {
        while !stopped.load(ordering: .relaxed) {
            do {
                try collectIfDue()
            } catch {
                log(String(reflecting: error))
            }
            let deadline = Date().addingTimeInterval(Self.checkInterval)
            while !stopped.load(ordering: .relaxed) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
    }
}
