import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct BindParameterTests {
    let connection: Connection

    init() throws {
        connection = try TestDatabase.connectShared()
    }

    @Test(arguments: [
        "plain", "", "it's", "quote \" double", "semi;colon", "back\\slash", "emoji 🧑‍💻 ✓", "'; drop table x; --",
        "$1 placeholder", "line\nbreak\ttab", "ünïcödé", String(repeating: "x", count: 10_000),
    ])
    func roundTripsStrings(_ value: String) throws {
        let row = try connection.query("SELECT \(value)::text, length(\(value)::text)")[0]
        #expect(try row.decode(String.self, at: 0) == value)
        #expect(try row.decode(Int.self, at: 1) == value.unicodeScalars.count)
    }

    @Test func roundTripsNumbersAndBooleans() throws {
        let row = try connection.query(
            """
            SELECT \(Int.max)::bigint, \(Int64.min)::bigint, \(Int32(-7))::int, \(true)::bool, \(false)::bool,
                   \(3.25)::float8, \(-0.000001)::float8
            """)[0]
        #expect(try row.decode(Int.self, at: 0) == Int.max)
        #expect(try row.decode(Int64.self, at: 1) == Int64.min)
        #expect(try row.decode(Int32.self, at: 2) == -7)
        #expect(try row.decode(Bool.self, at: 3) == true)
        #expect(try row.decode(Bool.self, at: 4) == false)
        #expect(try row.decode(Double.self, at: 5) == 3.25)
        #expect(try row.decode(Double.self, at: 6) == -0.000001)
    }

    @Test func roundTripsUUIDAndDate() throws {
        let id = UUID()
        let date = Date(timeIntervalSince1970: 1_796_000_000.123456)
        let row = try connection.query(
            "SELECT \(id)::uuid, \(date)::timestamptz, '1969-07-20 20:17:40+00'::timestamptz")[0]
        #expect(try row.decode(UUID.self, at: 0) == id)
        let back: Date = try row.decode(at: 1)
        #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.000_001)
        let moon: Date = try row.decode(at: 2)
        #expect(moon.timeIntervalSince1970 == -14_182_940)
    }

    @Test func readsTimestampsInAnySessionTimeZone() throws {
        try connection.withTransaction { conn in
            try conn.execute("SET LOCAL TimeZone = 'Asia/Kolkata'")
            let row = try conn.query("SELECT '2026-12-04 12:00:00.5+00'::timestamptz")[0]
            let date: Date = try row.decode(at: 0)
            #expect(date.timeIntervalSince1970 == 1_796_385_600.5)
        }
    }

    @Test func roundTripsTextArrays() throws {
        let values = ["a", "b c", "quote\"d", "back\\slash", "comma,here", "{brace}", "NULL", "", "emoji 🎉"]
        let row = try connection.query("SELECT \(values)::text[], cardinality(\(values)::text[])")[0]
        #expect(try row.decode([String].self, at: 0) == values)
        #expect(try row.decode(Int.self, at: 1) == values.count)
        let empty = try connection.query("SELECT \([String]())::text[]")[0]
        #expect(try empty.decode([String].self, at: 0) == [])
    }

    @Test func roundTripsJSONText() throws {
        let json = PostgresJSON(#"{"a": [1, "x'y", null]}"#)
        let row = try connection.query("SELECT (\(json)::jsonb)->'a'->>1, \(json)::jsonb::text")[0]
        #expect(try row.decode(String.self, at: 0) == "x'y")
        #expect(try row.decode(PostgresJSON.self, at: 1).text == #"{"a": [1, "x'y", null]}"#)
    }

    @Test func handlesNull() throws {
        let missing: String? = nil
        let row = try connection.query("SELECT \(missing)::text, \(Optional("x"))::text")[0]
        #expect(row.isNull(at: 0))
        #expect(try row.decode(String?.self, at: 0) == nil)
        #expect(try row.decode(String?.self, at: 1) == "x")
        #expect(throws: PostgresError.self) { try row.decode(String.self, at: 0) }
    }

    @Test func refusesWrongTypesWithoutCrashing() throws {
        let row = try connection.query("SELECT 'abc'::text")[0]
        let error = #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 0) }
        #expect(error?.kind == .decoding)
        #expect(throws: PostgresError.self) { try row.decode(Int.self, at: 5) }
    }

    @Test func keepsValuesOutOfTheSQLText() throws {
        let hostile = "'); DROP TABLE roster.organizations; --"
        let query: Query = "SELECT \(hostile)::text"
        #expect(!query.sql.contains("DROP"))
        #expect(query.binds == [hostile])
        _ = try connection.query(query)
        #expect(
            try connection.query("SELECT to_regclass('roster.organizations') IS NOT NULL")[0].decode(Bool.self, at: 0))
    }

    @Test func renumbersNestedQueries() throws {
        let inner: Query = "\(2)::int + \(3)::int"
        let outer: Query = "SELECT \(1)::int + \(inner) + \(4)::int"
        #expect(outer.sql == "SELECT $1::int + $2::int + $3::int + $4::int")
        #expect(try connection.query(outer)[0].decode(Int.self, at: 0) == 10)
        var built: Query = "SELECT \(10)"
        built.append(" - \("5")::int")
        #expect(try connection.query(built)[0].decode(Int.self, at: 0) == 5)
    }

    @Test func reportsServerErrorsWithSQLState() throws {
        let error = #expect(throws: PostgresError.self) { try connection.query("SELEC 1") }
        #expect(error?.sqlState == "42601")
        #expect(error?.description == "database error")
        #expect(error?.debugDescription.contains("syntax error") == true)
        // The connection stays usable after a statement error.
        #expect(try connection.query("SELECT 1")[0].decode(Int.self, at: 0) == 1)
    }
}
