import Foundation
import Testing

@testable import LocalPostgres

@Suite("Connection strings")
struct ConnectionStringTests {
    @Test func quotesKeywordValuesOnlyWhenNeeded() {
        #expect(ConnectionString.quoted("roster_test") == "roster_test")
        #expect(ConnectionString.quoted("my db") == "'my db'")
        #expect(ConnectionString.quoted("it's") == #"'it\'s'"#)
        #expect(ConnectionString.quoted(#"a\b"#) == #"'a\\b'"#)
        #expect(ConnectionString.quoted("") == "''")
    }

    @Test func buildsTheKeywordFormOfALocalServer() {
        let server = LocalServer(
            host: "127.0.0.1", port: 5555, socketDirectory: "/tmp/roster-pg-abc", user: "postgres",
            isStartedByThisProcess: true, didInitialize: false)
        #expect(server.connectionString(database: "roster") == "host=127.0.0.1 port=5555 user=postgres dbname=roster")
        #expect(
            server.connectionString(database: "my db", overSocket: true)
                == "host=/tmp/roster-pg-abc port=5555 user=postgres dbname='my db'")
    }

    @Test func swapsTheDatabaseOfAKeywordString() throws {
        let base = ConnectionString("host=db.example port = 6543 user=u password='p w\\'x' dbname=base")
        let derived = try base.settingDatabase("tenant_1")
        #expect(derived.text == #"host=db.example port=6543 user=u password='p w\'x' dbname=tenant_1"#)
        #expect(try derived.keywordPairs().map(\.value) == ["db.example", "6543", "u", "p w'x", "tenant_1"])
        #expect(try ConnectionString("host=h").settingDatabase("x").text == "host=h dbname=x")
        #expect(base.port == 6543)
    }

    @Test func swapsTheDatabaseOfAURL() throws {
        let url = ConnectionString("postgres://u:secret@db.example:5433/base?sslmode=disable")
        #expect(try url.settingDatabase("t1").text == "postgres://u:secret@db.example:5433/t1?sslmode=disable")
        #expect(
            try ConnectionString("postgresql://localhost").settingDatabase("t 2").text == "postgresql://localhost/t%202"
        )
        #expect(
            try ConnectionString("postgresql://h/a?dbname=a&port=7000").settingDatabase("b").text
                == "postgresql://h/b?dbname=b&port=7000")
        #expect(url.port == 5433)
        #expect(ConnectionString("postgresql://[::1]:6000/x").port == 6000)
        #expect(ConnectionString("postgresql://h/a?port=7000").port == 7000)
        #expect(ConnectionString("postgresql://h/a").port == nil)
    }

    @Test func rejectsMalformedKeywordStrings() {
        #expect(throws: LocalPostgresError.self) { try ConnectionString("host").keywordPairs() }
        #expect(throws: LocalPostgresError.self) { try ConnectionString("host='open").keywordPairs() }
    }

    @Test func readsThePostmasterPidFile() throws {
        let text =
            "4242\n/tmp/x/data\n1733340000\n55432\n/tmp/roster-pg-abc\n127.0.0.1\n  1234567     98304\nready   \n"
        let file = try #require(PostmasterPIDFile(contents: text))
        #expect(file.pid == 4242)
        #expect(file.port == 55432)
        #expect(file.socketDirectory == "/tmp/roster-pg-abc")
        #expect(file.listenAddress == "127.0.0.1")
        #expect(file.isReady)
        #expect(PostmasterPIDFile(contents: "4242\n/tmp/x/data\n") == nil)
        #expect(PostmasterPIDFile(contents: "") == nil)
    }
}
