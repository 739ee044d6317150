import Foundation
import TestSupport
import Testing

@Suite struct SearchTests {
    @Test func searchesUsersWithASearchRequestBody() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        for name in ["s1", "s2", "t1"] { _ = try scim.createUser("\(name)@search.test") }
        let response = try scim.send(
            "POST", "/Users/.search",
            """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
             "attributes":["userName"],"filter":"userName sw \\"s\\"","sortBy":"userName","sortOrder":"descending",
             "startIndex":1,"count":10}
            """)
        #expect(response.status == 200, "\(response.text)")
        let resources = try #require(response.object["Resources"] as? [[String: Any]])
        #expect(resources.compactMap { $0["userName"] as? String } == ["s2@search.test", "s1@search.test"])
        #expect(resources.allSatisfy { $0["name"] == nil })
        #expect(response.object["totalResults"] as? Int == 2)
        let bad = try scim.send("POST", "/Users/.search", #"{"schemas":["urn:nope"],"filter":"userName pr"}"#)
        #expect(bad.status == 400)
        #expect(try scim.send("GET", "/Users/.search").status == 405)
    }
}
