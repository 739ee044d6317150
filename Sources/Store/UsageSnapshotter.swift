import Foundation
import Postgres
import Synchronization

/// A thread that records the daily usage snapshot (`roster.snapshot_usage`, behind the dashboard
/// `roster.billable_users_daily`): every ``checkInterval`` it asks the database to snapshot unless a snapshot
/// was taken within ``minimumInterval``, so any number of server processes together take about one an hour.
/// It opens a connection only for each call, and a failure is logged and tried again at the next check.
public final class UsageSnapshotter: Sendable {
    /// How often a process asks (seconds).
    public static let checkInterval = 300.0
    /// The least time between two snapshots, across all processes.
    public static let minimumInterval = "1 hour"

    private let connectionString: String
    private let log: @Sendable (String) -> Void
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)

    /// A snapshotter for the database of `connectionString`; `log` gets one line per failure.
    public init(connectionString: String, log: @escaping @Sendable (String) -> Void) {
        self.connectionString = connectionString
        self.log = log
    }

    /// Starts the thread (once); the first check runs at once.
    public func start() {
        guard !running.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "roster-usage"
        thread.start()
    }

    /// Stops the thread within a quarter second.
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    /// Takes a snapshot now unless one is recent; returns the organizations written (0: skipped).
    @discardableResult
    public func snapshotIfDue() throws(PostgresError) -> Int {
        let connection = try Connection(connectionString, applicationName: "roster-usage")
        defer { connection.close() }
        let rows = try connection.query(
            "SELECT roster.snapshot_usage(\(Self.minimumInterval)::interval)")
        return try rows[0].decode(at: 0)
    }

    private func run() {
        while !stopped.load(ordering: .relaxed) {
            do {
                try snapshotIfDue()
            } catch {
                log("usage snapshot: \(String(reflecting: error))")
            }
            let deadline = Date().addingTimeInterval(Self.checkInterval)
            while !stopped.load(ordering: .relaxed) && Date() < deadline {
                Thread.sleep(forTimeInterval: 0.25)
            }
        }
    }
}
