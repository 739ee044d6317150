import Foundation
import Postgres

/// Counts the SQL statements the database runs during a scenario with `pg_stat_statements` (reset before,
/// read after; the bench's own queries on the view are left out), and lists the most frequent ones.
///
/// Only data statements count (SELECT, INSERT, UPDATE, DELETE, …): `pg_stat_statements` does not see
/// utility statements such as BEGIN and COMMIT when they are sent as prepared statements (as Roster and
/// `pgbench -M prepared` send them), so transaction control is left out on both sides.
///
/// `@unchecked Sendable`: used by the runner's thread only; the cleanup list closes it after the run.
public final class StatementCounter: @unchecked Sendable {
    private let connection: Connection
    /// Whether the view is readable (the extension is preloaded and created).
    public let isAvailable: Bool

    /// A counter on `databaseURL`; creates the extension when it can.
    public init(databaseURL: String) throws {
        connection = try Connection(databaseURL, applicationName: "roster-bench")
        _ = try? connection.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        isAvailable = (try? connection.query("SELECT 1 FROM pg_stat_statements LIMIT 1")) != nil
    }

    /// Forgets every count.
    public func reset() {
        guard isAvailable else { return }
        _ = try? connection.query("SELECT pg_stat_statements_reset()")
    }

    /// Statements since the last reset (nil without the view), and the most frequent statement texts with
    /// organization schemas written as `"org_*"` (BEGIN and COMMIT included).
    public func read(top: Int = 15) -> (total: Int?, top: [(calls: Int, query: String)]) {
        guard isAvailable else { return (nil, []) }
        do {
            let rows = try connection.query(
                """
                SELECT sum(s.calls)::bigint AS calls,
                       regexp_replace(regexp_replace(s.query, '"org_[a-z0-9_]+"', '"org_*"', 'g'), '\\s+', ' ', 'g') AS q
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat_statements%'
                  AND s.query !~* '^\\s*(BEGIN|COMMIT|ROLLBACK|START|END|SET|SAVEPOINT|RELEASE|SHOW|LISTEN|UNLISTEN)\\M'
                GROUP BY q ORDER BY calls DESC
                """)
            var total = 0
            var list: [(calls: Int, query: String)] = []
            for row in rows.rows {
                let calls: Int = try row.decode(at: 0)
                total += calls
                if list.count < top { list.append((calls, String(try row.decode(String.self, at: 1).prefix(400)))) }
            }
            return (total, list)
        } catch {
            return (nil, [])
        }
    }

    /// Closes the connection.
    public func close() {
        connection.close()
    }
}
