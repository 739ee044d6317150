import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct TransactionTests {
    struct Boom: Error {}

    let connection: Connection
    let table: SQLIdentifier

    init() throws {
        connection = try TestDatabase.connectShared()
        // Safe: a fixed prefix plus hex digits is a valid identifier.
        table = SQLIdentifier(
            "tx_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))")!
        try connection.execute("CREATE TABLE \(ident: table) (k text CONSTRAINT \(unsafeSQL: table.name)_k_key UNIQUE)")
    }

    func count() throws -> Int {
        try connection.query("SELECT count(*) FROM \(ident: table)")[0].decode(at: 0)
    }

    @Test func commitsWhenTheBodyReturns() throws {
        try connection.withTransaction { conn in try conn.execute("INSERT INTO \(ident: table) VALUES ('a')") }
        #expect(try count() == 1)
    }

    @Test func leavesNoRowWhenTheBodyThrows() throws {
        #expect(throws: Boom.self) {
            try connection.withTransaction { conn in
                try conn.execute("INSERT INTO \(ident: table) VALUES ('a')")
                try conn.execute("INSERT INTO \(ident: table) VALUES ('b')")
                throw Boom()
            }
        }
        #expect(try count() == 0)
        #expect(!connection.isInTransaction)
    }

    @Test func rollsBackOnlyTheInnerSavepoint() throws {
        try connection.withTransaction { conn in
            try conn.execute("INSERT INTO \(ident: table) VALUES ('outer')")
            _ = try? conn.withTransaction { inner in
                try inner.execute("INSERT INTO \(ident: table) VALUES ('inner')")
                throw Boom()
            }
        }
        #expect(try count() == 1)
    }

    @Test func surfacesUniqueViolationsWithTheirConstraint() throws {
        try connection.execute("INSERT INTO \(ident: table) VALUES ('dup')")
        let error = #expect(throws: PostgresError.self) {
            try connection.withTransaction { conn in
                try conn.execute("INSERT INTO \(ident: table) VALUES ('new')")
                try conn.execute("INSERT INTO \(ident: table) VALUES ('dup')")
            }
        }
        #expect(error?.isUniqueViolation == true)
        #expect(error?.sqlState == "23505")
        #expect(error?.constraint == "\(table.name)_k_key")
        #expect(try count() == 1)
    }

    @Test func recognisesSerializationFailures() throws {
        let other = try TestDatabase.connectShared()
        try connection.execute("INSERT INTO \(ident: table) VALUES ('x')")
        let error = #expect(throws: PostgresError.self) {
            try connection.withTransaction(isolation: .serializable) { conn in
                _ = try conn.query("SELECT count(*) FROM \(ident: table)")
                try other.execute("UPDATE \(ident: table) SET k = 'y'")
                try conn.execute("UPDATE \(ident: table) SET k = 'z'")
            }
        }
        #expect(error?.isSerializationFailure == true)
        #expect(error?.isRetryable == true)
    }
}
