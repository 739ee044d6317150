import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct UserPagingTests {
    @Test func pagesThroughTenThousandUsersSeeingEachOnce() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        // Same creation time for many rows: the id breaks ties, so the order is still stable.
        try server.connection.execute(
            """
            INSERT INTO \(ident: scim.schema).users (user_name, attributes, created_at)
            SELECT 'p' || g || '@page.test', jsonb_build_object('userName', 'p' || g || '@page.test'),
                   timestamptz '2026-01-01' + make_interval(secs => g / 7)
            FROM generate_series(1, 10000) g
            """)
        var seen = Set<String>()
        var duplicates = 0
        var start = 1
        while start <= 10_000 {
            let page = try scim.send("GET", "/Users?startIndex=\(start)&count=100&attributes=userName").object
            #expect(page["totalResults"] as? Int == 10_000)
            #expect(page["startIndex"] as? Int == start)
            let ids = (page["Resources"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids.count == 100)
            for id in ids where !seen.insert(id).inserted { duplicates += 1 }
            start += 100
        }
        #expect(seen.count == 10_000)
        #expect(duplicates == 0)
        let capped = try scim.send("GET", "/Users?count=999999999").object
        #expect(capped["itemsPerPage"] as? Int == 200)
    }
}
