import Foundation
import Postgres
import TestSupport
import Testing

@testable import App

/// What the metrics learn from the database layer: error kinds from real failures, and commit-only counting.
@Suite struct MetricsDatabaseTests {
    @Test func classifiesARealStatementDeadlineAsTimeout() throws {
        let connection = try TestDatabase.connectShared()
        defer { connection.close() }
        connection.queryTimeout = 0.2
        let error = try #require(throws: PostgresError.self) { try connection.execute("SELECT pg_sleep(3)") }
        #expect(MetricsDatabaseErrorKind(error) == .timeout)
    }

    @Test func classifiesARealRefusedConnectionAsUnavailable() throws {
        // Nothing listens on port 1; libpq fails at once.
        let error = try #require(throws: PostgresError.self) {
            _ = try Connection("host=127.0.0.1 port=1 dbname=none connect_timeout=2")
        }
        #expect(MetricsDatabaseErrorKind(error) == .unavailable)
    }

    @Test func classifiesServerErrorsBySQLState() {
        let kinds: [(String, MetricsDatabaseErrorKind)] = [
            ("40P01", .deadlock), ("40001", .serializationFailure), ("57014", .timeout), ("57P01", .connectionLost),
            ("08006", .connectionLost), ("23505", .other), ("42P01", .other),
        ]
        for (state, kind) in kinds {
            #expect(MetricsDatabaseErrorKind(PostgresError(kind: .server, sqlState: state, message: "x")) == kind)
        }
        #expect(
            MetricsDatabaseErrorKind(PostgresError(kind: .connectionLost, message: "server closed")) == .connectionLost)
    }

    @Test func runsAfterCommitActionsOnlyForCommittedWork() throws {
        let connection = try TestDatabase.connectShared()
        defer { connection.close() }
        var ran: [String] = []
        try connection.withTransaction { conn in
            conn.afterCommit { ran.append("outer") }
            try? conn.withTransaction { inner -> Void in
                inner.afterCommit { ran.append("rolled-back savepoint") }
                throw PostgresError(kind: .misuse, message: "undo the savepoint")
            }
            try conn.withTransaction { inner in inner.afterCommit { ran.append("released savepoint") } }
            #expect(ran.isEmpty)
        }
        #expect(ran == ["outer", "released savepoint"])
        ran = []
        try? connection.withTransaction { conn -> Void in
            conn.afterCommit { ran.append("rolled back") }
            throw PostgresError(kind: .misuse, message: "roll back")
        }
        #expect(ran.isEmpty)
        connection.afterCommit { ran.append("no transaction") }
        #expect(ran == ["no transaction"])
        // Nothing is left behind for the next transaction.
        try connection.withTransaction { _ in }
        #expect(ran == ["no transaction"])
    }
}
