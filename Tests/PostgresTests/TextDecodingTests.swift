import Foundation
import Postgres
import TestSupport
import Testing

/// The hand-written text decoders (UUIDs, text arrays) agree with Foundation and PostgreSQL's formats.
@Suite struct TextDecodingTests {
    @Test func parsesAndPrintsUUIDsLikeFoundation() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(UUID(text: id.uuidString) == id)
            #expect(UUID(text: id.uuidString.lowercased()) == id)
            #expect(id.lowercasedString == id.uuidString.lowercased())
        }
        #expect(
            UUID(text: "6ba7b810-9dad-11d1-80b4-00c04fd430c8")?.lowercasedString
                == "6ba7b810-9dad-11d1-80b4-00c04fd430c8")
    }

    @Test func refusesMalformedUUIDs() {
        for text in [
            "", "6ba7b810-9dad-11d1-80b4-00c04fd430c", "6ba7b810-9dad-11d1-80b4-00c04fd430c8a",
            "6ba7b8109dad-11d1-80b4-00c04fd430c8-", "6ba7b810-9dad-11d1-80b4-00c04fd430cg",
            "6ba7b810_9dad_11d1_80b4_00c04fd430c8", "{6ba7b810-9dad-11d1-80b4-00c04fd430c}",
            "6ba7b810-9dad-11d1-80b4-00c04fd430c\u{e9}",
        ] {
            #expect(UUID(text: text) == nil, "\(text)")
            #expect(UUID(uuidString: text) == nil, "Foundation disagrees on \(text)")
        }
        #expect(UUID(text: "6ba7b810-9dad-11d1-80b4-00c04fd430c8".dropFirst(0)) != nil)
    }

    @Test func decodesTextArrayLiterals() {
        #expect([String](postgresText: "{}") == [])
        #expect([String](postgresText: "{a}") == ["a"])
        #expect([String](postgresText: "{a,b,c}") == ["a", "b", "c"])
        #expect([String](postgresText: #"{"a b","c,d","e\"f","g\\h",ü}"#) == ["a b", "c,d", #"e"f"#, #"g\h"#, "ü"])
        #expect([String](postgresText: #"{"",x}"#) == ["", "x"])
        #expect([String](postgresText: #"{"NULL"}"#) == ["NULL"])
    }

    @Test func refusesMalformedTextArrays() {
        for text in ["", "{", "}", "a", "{a,}", "{,a}", "{NULL}", #"{"a}"#, #"{"a"b}"#, "{a,,b}", #"{"a\"}"#] {
            #expect([String](postgresText: text) == nil, "\(text)")
        }
    }

    @Test func roundTripsTextArraysThroughPostgreSQL() throws {
        let connection = try Connection(TestDatabase.shared())
        defer { connection.close() }
        let values = [
            "plain", "with space", "comma,inside", #"quote"inside"#, #"back\slash"#, "ünïcödé", "NULL", "", "{}",
        ]
        let row = try connection.query("SELECT \(values)::text[]")[0]
        #expect(try row.decode([String].self, at: 0) == values)
    }
}
