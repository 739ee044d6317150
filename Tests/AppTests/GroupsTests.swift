import Foundation
import Postgres
import TestSupport
import Testing

/// `/Groups` over HTTP: create, read, list, PUT, DELETE and every membership PATCH form, each checked
/// against the exact resulting member set in the database.
@Suite struct GroupsTests {
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    @Test func createsAGroupWithMembersAndReadsItBack() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(2)
        let response = try scim.send(
            "POST", "/Groups",
            #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Engineering","externalId":"okta-1","members":\#(memberList(users))}"#
        )
        #expect(response.status == 201, "\(response.text)")
        let id = try #require(response.object["id"] as? String)
        #expect(response.header("Location") == "https://\(scim.host)/api/scim/v2/Groups/\(id)")
        #expect(try scim.members(id) == Set(users))
        let read = try scim.send("GET", "/Groups/\(id)")
        #expect(read.status == 200)
        #expect(read.object["displayName"] as? String == "Engineering")
        #expect(read.object["externalId"] as? String == "okta-1")
        let members = try #require(read.object["members"] as? [[String: Any]])
        #expect(Set(members.compactMap { $0["value"] as? String }) == Set(users))
        #expect(members.first?["type"] as? String == "User")
        #expect(
            members.allSatisfy { member in
                (member["$ref"] as? String)
                    == "https://\(scim.host)/api/scim/v2/Users/\(member["value"] as? String ?? "")"
            })
        #expect(read.header("ETag") == (read.object["meta"] as? [String: Any])?["version"] as? String)

        let duplicate = try scim.send(
            "POST", "/Groups", #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"ENGINEERING"}"#)
        #expect(duplicate.status == 409)
        #expect(duplicate.object["scimType"] as? String == "uniqueness")
        let byName = try scim.send("GET", "/Groups?filter=displayName%20eq%20%22engineering%22")
        #expect(byName.object["totalResults"] as? Int == 1)
        let byExternal = try scim.send(
            "GET", "/Groups?filter=externalId%20eq%20%22okta-1%22&excludedAttributes=members")
        #expect(byExternal.object["totalResults"] as? Int == 1)
        let all = try scim.send("GET", "/Groups?startIndex=1&count=100")
        #expect(all.object["totalResults"] as? Int == 5)
        let names = (all.object["Resources"] as? [[String: Any]] ?? []).compactMap { $0["displayName"] as? String }
        #expect(Set(names.prefix(4)) == ["admin", "editor", "viewer", "All Users"])
        #expect(names.last == "Engineering")
        #expect((all.object["Resources"] as? [[String: Any]] ?? []).allSatisfy { $0["members"] == nil })

        let unknown = try scim.send(
            "POST", "/Groups",
            #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Ghosts","members":[{"value":"not-a-user"}]}"#)
        #expect(unknown.status == 400)
        #expect(unknown.object["scimType"] as? String == "invalidValue")
        #expect((unknown.object["detail"] as? String)?.contains("not-a-user") == true)
    }

    @Test func addsMembersIdempotentlyAndRefusesUnknownIdsWithoutApplyingAnything() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let id = try scim.createGroup("Adders")
        let first = try scim.patchGroup(
            id, #"[{"op":"add","path":"members","value":\#(memberList(Array(users[0...1])))}]"#)
        #expect(first.status == 200, "\(first.text)")
        let version = first.header("ETag")
        #expect(try scim.members(id) == Set(users[0...1]))
        let again = try scim.patchGroup(
            id, #"[{"op":"Add","path":"members","value":\#(memberList(Array(users[0...1])))}]"#)
        #expect(again.status == 200)
        #expect(again.header("ETag") == version)
        let ghost = UUID().uuidString.lowercased()
        let refused = try scim.patchGroup(
            id, #"[{"op":"add","path":"members","value":\#(memberList([users[2], ghost]))}]"#)
        #expect(refused.status == 400)
        #expect(refused.object["scimType"] as? String == "invalidValue")
        #expect((refused.object["detail"] as? String)?.contains(ghost) == true)
        #expect(try scim.members(id) == Set(users[0...1]))
    }

    @Test func removesOnlyTheMembersAValueFilterSelects() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(4)
        let id = try scim.createGroup("Filtered", members: users)
        let one = try scim.patchGroup(id, #"[{"op":"remove","path":"members[value eq \"\#(users[0])\"]"}]"#)
        #expect(one.status == 200, "\(one.text)")
        #expect(try scim.members(id) == Set(users[1...3]))
        let two = try scim.patchGroup(
            id, #"[{"op":"Remove","path":"members[value eq \"\#(users[1])\" or value eq \"\#(users[2])\"]"}]"#)
        #expect(two.status == 200)
        #expect(try scim.members(id) == [users[3]])
    }

    @Test func entraValueListRemovalRemovesOnlyTheListedMembers() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let id = try scim.createGroup("Entra", members: users)
        let response = try scim.patchGroup(
            id, #"[{"op":"Remove","path":"members","value":[{"value":"\#(users[1])"}]}]"#)
        #expect(response.status == 200, "\(response.text)")
        #expect(try scim.members(id) == [users[0], users[2]])
    }

    @Test func removeWithoutValueClearsTheMembersAndIsLogged() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let id = try scim.createGroup("Cleared", members: users)
        #expect(try scim.patchGroup(id, #"[{"op":"remove","path":"members"}]"#).status == 200)
        #expect(try scim.members(id).isEmpty)
        let log: String = try server.connection.query(
            """
            SELECT operation || ' ' || details::text FROM \(ident: scim.schema).provisioning_log
            WHERE resource_id = \(UUID(uuidString: id) ?? UUID()) ORDER BY id DESC LIMIT 1
            """)[0].decode(at: 0)
        #expect(log.contains("members cleared"))
        #expect(log.contains(#""membersRemoved": 3"#))
    }

    @Test func replacesMembersWithAFullListIncludingEmpty() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(4)
        let id = try scim.createGroup("Replaced", members: Array(users[0...1]))
        #expect(
            try scim.patchGroup(id, #"[{"op":"replace","path":"members","value":\#(memberList(Array(users[1...3])))}]"#)
                .status == 200)
        #expect(try scim.members(id) == Set(users[1...3]))
        #expect(try scim.patchGroup(id, #"[{"op":"replace","path":"members","value":[]}]"#).status == 200)
        #expect(try scim.members(id).isEmpty)
    }

    @Test func appliesOktasGroupPushRequests() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let id = try scim.createGroup("Okta Push", members: Array(users[0...1]))
        let push = try scim.patchGroup(
            id,
            #"""
            [{"op":"remove","path":"members[value eq \"\#(users[0])\"]"},
             {"op":"add","path":"members","value":[{"value":"\#(users[2])","display":"someone"}]}]
            """#)
        #expect(push.status == 200, "\(push.text)")
        #expect(try scim.members(id) == [users[1], users[2]])
        let version = push.header("ETag")
        let resend = try scim.patchGroup(id, #"[{"op":"replace","value":{"id":"\#(id)","displayName":"Okta Push"}}]"#)
        #expect(resend.status == 200, "\(resend.text)")
        #expect(resend.header("ETag") == version)
        let rename = try scim.patchGroup(id, #"[{"op":"replace","value":{"id":"\#(id)","displayName":"Okta Pushed"}}]"#)
        #expect(rename.object["displayName"] as? String == "Okta Pushed")
        #expect(rename.header("ETag") != version)
        let otherID = try scim.patchGroup(
            id, #"[{"op":"replace","value":{"id":"\#(UUID().uuidString)","displayName":"X"}}]"#)
        #expect(otherID.status == 400)
        let external = try scim.patchGroup(id, #"[{"op":"Replace","path":"externalId","value":"ext-9"}]"#)
        #expect(external.object["externalId"] as? String == "ext-9")
        #expect(try scim.members(id) == [users[1], users[2]])
    }

    @Test func putReplacesTheMembersAndKeepsThemWhenLeftOut() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let id = try scim.createGroup("Put", members: Array(users[0...1]))
        let put = try scim.send(
            "PUT", "/Groups/\(id)",
            #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Put","members":\#(memberList([users[2]]))}"#)
        #expect(put.status == 200, "\(put.text)")
        #expect(try scim.members(id) == [users[2]])
        let keep = try scim.send(
            "PUT", "/Groups/\(id)", #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Put 2"}"#)
        #expect(keep.object["displayName"] as? String == "Put 2")
        #expect(try scim.members(id) == [users[2]])
    }

    @Test func refusesAStaleIfMatchAndDeletesWithTheMemberships() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(2)
        let id = try scim.createGroup("Versioned", members: users)
        let stale = try scim.patchGroup(
            id, #"[{"op":"remove","path":"members"}]"#, headers: [("If-Match", #"W/"99""#)])
        #expect(stale.status == 412)
        #expect(try scim.members(id) == Set(users))
        #expect(try scim.send("DELETE", "/Groups/\(id)", headers: [("If-Match", #"W/"7""#)]).status == 412)
        #expect(try scim.send("DELETE", "/Groups/\(id)").status == 204)
        #expect(try scim.send("GET", "/Groups/\(id)").status == 404)
        #expect(try scim.members(id).isEmpty)
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).users") == 2)
    }

    @Test func renamesAndRefusesANameInUse() throws {
        defer { server.stop() }
        let id = try scim.createGroup("Sales")
        _ = try scim.createGroup("Marketing")
        let rename = try scim.patchGroup(id, #"[{"op":"Replace","path":"displayName","value":"Sales EMEA"}]"#)
        #expect(rename.status == 200)
        #expect(rename.object["displayName"] as? String == "Sales EMEA")
        let taken = try scim.patchGroup(id, #"[{"op":"replace","path":"displayName","value":"marketing"}]"#)
        #expect(taken.status == 409)
        #expect(taken.object["scimType"] as? String == "uniqueness")
    }

    @Test func usersShowTheirGroupsKeepThemWhenDeactivatedAndLeaveThemWhenDeleted() throws {
        defer { server.stop() }
        let user = try #require(try scim.createUser(uniqueName())["id"] as? String)
        let id = try scim.createGroup("Support", members: [user])
        let groups = { () throws -> Set<String> in
            Set(
                ((try scim.send("GET", "/Users/\(user)").object["groups"] as? [[String: Any]]) ?? [])
                    .compactMap { $0["display"] as? String })
        }
        #expect(try groups() == ["Support", "All Users"])
        let deactivate = try scim.send(
            "PATCH", "/Users/\(user)",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#
        )
        #expect(deactivate.status == 200)
        #expect(try scim.members(id) == [user])
        #expect(try groups() == ["Support", "All Users"])
        #expect(try scim.send("DELETE", "/Users/\(user)").status == 204)
        #expect(try scim.members(id).isEmpty)
    }

    @Test func followsEntrasGroupSequence() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(2)
        let create = try scim.send(
            "POST", "/Groups",
            #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
             "externalId":"8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159","displayName":"Group1DisplayName",
             "meta":{"resourceType":"Group"}}
            """#)
        #expect(create.status == 201, "\(create.text)")
        let id = try #require(create.object["id"] as? String)
        let found = try scim.send(
            "GET", "/Groups?excludedAttributes=members&filter=displayName%20eq%20%22Group1DisplayName%22")
        #expect((found.object["Resources"] as? [[String: Any]])?.first?["id"] as? String == id)
        let add = try scim.patchGroup(
            id,
            #"[{"op":"Add","path":"members","value":[{"$ref":null,"value":"\#(users[0])"},{"$ref":null,"value":"\#(users[1])"}]}]"#
        )
        #expect(add.status == 200, "\(add.text)")
        let rename = try scim.patchGroup(
            id,
            #"[{"op":"Replace","path":"displayName","value":"1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName"}]"#
        )
        #expect(rename.status == 200)
        let read = try scim.send("GET", "/Groups/\(id)?excludedAttributes=members")
        #expect(read.object["displayName"] as? String == "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName")
        #expect(read.object["members"] == nil)
        #expect(try scim.members(id) == Set(users))
        #expect(try scim.send("DELETE", "/Groups/\(id)").status == 204)
    }
}
