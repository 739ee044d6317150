import Foundation
import TestSupport
import Testing

/// Group filters (displayName, externalId, members.value, members[value eq …]), sorting, projection, the
/// `.search` forms and the root `/.search`.
@Suite struct GroupFilterTests {
    @Test func evaluatesGroupFiltersExactly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let users = try scim.seedUsers(3, prefix: "gf")
        let engineering = try scim.createGroup("Engineering", members: [users[0], users[1]])
        let design = try scim.createGroup("Design", members: [users[1]])
        _ = try scim.createGroup("Empty Team")
        let patched = try scim.send(
            "PATCH", "/Groups/\(design)",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"externalId","value":"okta-d"}]}"#
        )
        #expect(patched.status == 200, "\(patched.text)")
        let defaults = ["admin", "editor", "viewer", "All Users"]
        let all = defaults + ["Engineering", "Design", "Empty Team"]
        let cases: [(String, [String])] = [
            (#"displayName eq "Engineering""#, ["Engineering"]),
            (#"displayName eq "engineering""#, ["Engineering"]),
            (#"DISPLAYNAME Eq "DESIGN""#, ["Design"]),
            (#"displayName ne "Design""#, all.filter { $0 != "Design" }),
            (#"displayName sw "e""#, ["editor", "Empty Team", "Engineering"]),
            (#"displayName co "team""#, ["Empty Team"]),
            (#"displayName ew "s""#, ["All Users"]),
            (#"externalId eq "okta-d""#, ["Design"]),
            (#"externalId pr"#, ["Design"]),
            (#"members eq "\#(users[1])""#, ["All Users", "Design", "Engineering"]),
            (#"members.value eq "\#(users[0])""#, ["All Users", "Engineering"]),
            (#"members.value eq "\#(users[2])""#, ["All Users"]),
            (#"members[value eq "\#(users[0])"]"#, ["All Users", "Engineering"]),
            (#"members[value eq "\#(users[0])" or value eq "\#(users[1])"]"#, ["All Users", "Design", "Engineering"]),
            (#"members[type eq "User" and value eq "\#(users[1])"]"#, ["All Users", "Design", "Engineering"]),
            (#"members.value eq "not-a-uuid""#, []),
            (#"members pr"#, ["All Users", "Design", "Engineering"]),
            (#"not (members pr)"#, ["admin", "editor", "viewer", "Empty Team"]),
            (#"displayName sw "E" and members pr"#, ["Engineering"]),
            (#"displayName eq "Design" or members.value eq "\#(users[0])""#, ["All Users", "Design", "Engineering"]),
            (#"meta.created gt "2000-01-01T00:00:00Z" and displayName sw "v""#, ["viewer"]),
            (#"id eq "\#(engineering)""#, ["Engineering"]),
            (#"urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "Design""#, ["Design"]),
            (#"displayName eq "'; DROP TABLE groups; --""#, []),
        ]
        for (filter, expected) in cases {
            let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try scim.send("GET", "/Groups?count=100&filter=\(encoded)")
            #expect(response.status == 200, "\(filter): \(response.text)")
            let names = (response.object["Resources"] as? [[String: Any]] ?? []).compactMap {
                $0["displayName"] as? String
            }
            #expect(names.sorted() == expected.sorted(), "\(filter)")
        }
        for filter in [#"userName eq "x""#, #"displayName zz "x""#, #"members.display eq"#, #"displayName gt true"#] {
            let encoded = filter.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let response = try scim.send("GET", "/Groups?filter=\(encoded)")
            #expect(response.status == 400, "\(filter): \(response.text)")
            #expect(response.object["scimType"] as? String == "invalidFilter", "\(filter)")
        }

        let sorted = try scim.send("GET", "/Groups?sortBy=displayName&sortOrder=descending&attributes=displayName")
        let order = (sorted.object["Resources"] as? [[String: Any]] ?? []).compactMap { $0["displayName"] as? String }
        #expect(order == all.sorted { $0.lowercased() > $1.lowercased() })
        let first = try #require((sorted.object["Resources"] as? [[String: Any]])?.first)
        #expect(Set(first.keys) == ["schemas", "id", "displayName"])

        let search = try scim.send(
            "POST", "/Groups/.search",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"displayName eq \"Design\"","attributes":["displayName","members"]}"#
        )
        #expect(search.status == 200, "\(search.text)")
        let found = try #require((search.object["Resources"] as? [[String: Any]])?.first)
        #expect((found["members"] as? [[String: Any]])?.compactMap { $0["value"] as? String } == [users[1]])
    }

    @Test func searchesEveryResourceTypeFromTheRoot() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        _ = try scim.createUser("root.search@example.com")
        _ = try scim.createGroup("Root Searchers")
        let both = try scim.send(
            "POST", "/.search",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"externalId pr or meta.created gt \"2000-01-01T00:00:00Z\"","count":100}"#
        )
        #expect(both.status == 200, "\(both.text)")
        let resources = both.object["Resources"] as? [[String: Any]] ?? []
        let types = resources.compactMap { ($0["meta"] as? [String: Any])?["resourceType"] as? String }
        #expect(types.filter { $0 == "User" }.count == 1)
        #expect(types.filter { $0 == "Group" }.count == 5)  // 4 default groups + 1
        #expect(both.object["totalResults"] as? Int == 6)
        let usersOnly = try scim.send(
            "POST", "/.search",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"userName sw \"root\""}"#)
        #expect(usersOnly.object["totalResults"] as? Int == 1)
        let paged = try scim.send(
            "POST", "/.search",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"startIndex":2,"count":2}"#)
        #expect(paged.object["totalResults"] as? Int == 6)
        #expect((paged.object["Resources"] as? [Any])?.count == 2)
        let invalid = try scim.send(
            "POST", "/.search",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":"nope eq 1"}"#)
        #expect(invalid.status == 400)
        #expect(try scim.send("GET", "/.search").status == 405)
    }
}
