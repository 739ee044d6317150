import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// The default groups (admin, editor, viewer, All Users), the last-admin guard and the mass-change guard.
@Suite struct DefaultGroupsTests {
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    @Test func refusesRenameDeleteAndRecreationOfDefaultGroups() throws {
        defer { server.stop() }
        let admin = try scim.defaultGroup("admin")
        let rename = try scim.patchGroup(admin, #"[{"op":"replace","path":"displayName","value":"owners"}]"#)
        #expect(rename.status == 400)
        #expect(rename.object["scimType"] as? String == "mutability")
        #expect((rename.object["detail"] as? String)?.contains("cannot be renamed") == true)
        let delete = try scim.send("DELETE", "/Groups/\(admin)")
        #expect(delete.status == 400)
        #expect(delete.object["scimType"] as? String == "mutability")
        let create = try scim.send(
            "POST", "/Groups", #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Viewer"}"#)
        #expect(create.status == 400)
        #expect(create.object["scimType"] as? String == "mutability")
        let version = try scim.send("GET", "/Groups/\(admin)").header("ETag")
        let resend = try scim.patchGroup(admin, #"[{"op":"replace","value":{"id":"\#(admin)","displayName":"Admin"}}]"#)
        #expect(resend.status == 200, "\(resend.text)")
        #expect(resend.object["displayName"] as? String == "admin")
        #expect(resend.header("ETag") == version)
    }

    @Test func pushesMembersInAndOutOfEditor() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(2)
        let editor = try scim.defaultGroup("editor")
        #expect(
            try scim.patchGroup(editor, #"[{"op":"add","path":"members","value":\#(memberList(users))}]"#).status == 200
        )
        #expect(try scim.members(editor) == Set(users))
        let user = try scim.send("GET", "/Users/\(users[0])").object
        let groups = (user["groups"] as? [[String: Any]] ?? []).compactMap { $0["display"] as? String }
        #expect(Set(groups) == ["editor", "All Users"])
        #expect(
            try scim.patchGroup(editor, #"[{"op":"remove","path":"members[value eq \"\#(users[0])\"]"}]"#).status == 200
        )
        #expect(try scim.members(editor) == [users[1]])
    }

    @Test func allUsersHoldsEveryUser() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let all = try scim.defaultGroup("all-users")
        let read = try scim.send("GET", "/Groups/\(all)")
        #expect(
            Set((read.object["members"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }) == Set(users))
        let add = try scim.patchGroup(all, #"[{"op":"add","path":"members","value":\#(memberList([users[0]]))}]"#)
        #expect(add.status == 200)
        #expect(add.header("ETag") == read.header("ETag"))
        let remove = try scim.patchGroup(all, #"[{"op":"remove","path":"members[value eq \"\#(users[0])\"]"}]"#)
        #expect(remove.status == 400)
        #expect((remove.object["detail"] as? String)?.contains("All Users") == true)
        #expect(try scim.patchGroup(all, #"[{"op":"remove","path":"members"}]"#).status == 400)
        #expect(try scim.patchGroup(all, #"[{"op":"replace","path":"members","value":[]}]"#).status == 400)
        #expect(try scim.members(all).isEmpty)
    }

    @Test func guardsTheLastActiveAdminThroughRemoveReplaceAndPut() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(3)
        let admin = try scim.defaultGroup("admin")
        try scim.seedMembers(admin, Array(users[0...1]))
        try server.connection.execute(
            "UPDATE \(ident: scim.schema).users SET active = false WHERE id = \(UUID(uuidString: users[1]) ?? UUID())")
        let remove = try scim.patchGroup(admin, #"[{"op":"remove","path":"members[value eq \"\#(users[0])\"]"}]"#)
        #expect(remove.status == 409)
        #expect((remove.object["detail"] as? String)?.contains("no active member") == true)
        let replace = try scim.patchGroup(
            admin, #"[{"op":"replace","path":"members","value":\#(memberList([users[1]]))}]"#)
        #expect(replace.status == 409)
        let put = try scim.send(
            "PUT", "/Groups/\(admin)",
            #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"admin","members":[]}"#)
        #expect(put.status == 409)
        #expect(try scim.members(admin) == Set(users[0...1]))
        // Handing over to another active admin in the same request is fine.
        let handover = try scim.patchGroup(
            admin, #"[{"op":"replace","path":"members","value":\#(memberList([users[2]]))}]"#)
        #expect(handover.status == 200, "\(handover.text)")
        #expect(try scim.members(admin) == [users[2]])
    }

    @Test func refusesMassRemovalFromALargeGroupUnlessAllowed() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(202)
        let id = try scim.createGroup("Large")
        try scim.seedMembers(id, users)
        let clear = try scim.patchGroup(id, #"[{"op":"remove","path":"members"}]"#)
        #expect(clear.status == 409)
        #expect((clear.object["detail"] as? String)?.contains("allow-mass-removal") == true)
        let put = try scim.send(
            "PUT", "/Groups/\(id)",
            #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Large","members":\#(memberList(Array(users[0..<10])))}"#
        )
        #expect(put.status == 409)
        #expect(try scim.members(id).count == 202)
        #expect(
            try scim.count(
                "SELECT count(*) FROM \(ident: scim.schema).provisioning_log WHERE operation = 'refused-mass-removal'")
                == 2)
        // Half is not more than half.
        #expect(
            try scim.patchGroup(
                id, #"[{"op":"remove","path":"members","value":\#(memberList(Array(users[0..<101])))}]"#
            )
            .status == 200)
        #expect(try scim.members(id) == Set(users[101...]))
        #expect(try scim.patchGroup(id, #"[{"op":"remove","path":"members"}]"#).status == 409)
        _ = try ControlPlane(connection: server.connection).setFlag(Slug(scim.slug), .allowMassRemoval)
        var status = 0
        for _ in 0..<20 where status != 200 {
            usleep(100_000)
            status = try scim.patchGroup(id, #"[{"op":"remove","path":"members"}]"#).status
        }
        #expect(status == 200)
        #expect(try scim.members(id).isEmpty)
        // 101 removals are counted in the log, not listed.
        let details: String = try server.connection.query(
            """
            SELECT details::text FROM \(ident: scim.schema).provisioning_log
            WHERE resource_id = \(UUID(uuidString: id) ?? UUID()) ORDER BY id DESC LIMIT 1
            """)[0].decode(at: 0)
        #expect(details.contains(#""membersRemoved": 101"#))
        #expect(!details.contains(#""removed""#))
    }
}
