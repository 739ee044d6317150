import Postgres
import TestSupport
import Testing

@Suite struct PreparedStatementTests {
    @Test func preparesOncePerSessionAndKeepsTheCacheBounded() throws {
        let connection = try Connection(try TestDatabase.shared(), preparedStatements: 2)
        for round in 0..<3 {
            for value in 1...3 {
                let row = try connection.query("SELECT \(unsafeSQL: String(value)) + \(round)::int")[0]
                #expect(try row.decode(Int.self, at: 0) == value + round)
            }
        }
        let prepared: Int = try connection.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(at: 0)
        #expect(prepared <= 3)  // two cached statements (+ the count query itself may be one of them)
        // Statements dropped behind the cache's back are prepared again.
        try connection.execute("DEALLOCATE ALL")
        #expect(try connection.query("SELECT 40 + \(2)::int")[0].decode(Int.self, at: 0) == 42)
        #expect(try connection.query("SELECT 40 + \(2)::int")[0].decode(Int.self, at: 0) == 42)
    }

    @Test func errorsInsideATransactionStillRollBack() throws {
        let connection = try Connection(try TestDatabase.shared(), preparedStatements: 16)
        #expect(throws: PostgresError.self) {
            try connection.withTransaction { conn in
                _ = try conn.query("SELECT 1 / \(0)::int")
            }
        }
        #expect(try connection.query("SELECT \(7)::int")[0].decode(Int.self, at: 0) == 7)
    }
}
