import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// Groups under load: large groups, concurrent writers and the member cap of responses.
@Suite struct GroupsScaleTests {
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    @Test func entraLegacyRemovalOfOneMemberFromAThousandLeaves999() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(1_000)
        let id = try scim.createGroup("Thousand")
        try scim.seedMembers(id, users)
        let response = try scim.patchGroup(
            id, #"[{"op":"Remove","path":"members","value":[{"value":"\#(users[500])"}]}]"#)
        #expect(response.status == 200, "\(response.text)")
        let members = try scim.members(id)
        #expect(members.count == 999)
        #expect(!members.contains(users[500]))
    }

    @Test func fiftyConcurrentAddsAllLand() throws {
        defer { server.stop() }
        let users = try scim.seedUsers(50)
        let id = try scim.createGroup("Concurrent adds")
        let session = scim.writer
        let statuses = scim.concurrently(50) { index, client in
            try session.patchGroup(
                id, #"[{"op":"add","path":"members","value":[{"value":"\#(users[index])"}]}]"#, client: client
            ).status
        }
        #expect(statuses.count == 50)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(try scim.members(id) == Set(users))
    }

    @Test func twentyConcurrentMixedWritesEqualTheSerialOutcome() throws {
        defer { server.stop() }
        let kept = try scim.seedUsers(10, prefix: "kept")
        let leaving = try scim.seedUsers(20, prefix: "leaving")
        let joining = try scim.seedUsers(20, prefix: "joining")
        let id = try scim.createGroup("Concurrent mixed")
        try scim.seedMembers(id, kept + leaving)
        let session = scim.writer
        // Each writer adds its own user and removes its own pre-seeded member, so any order gives one result.
        let statuses = scim.concurrently(20) { index, client in
            let remove =
                index.isMultiple(of: 2)
                ? #"{"op":"remove","path":"members[value eq \"\#(leaving[index])\"]"}"#
                : #"{"op":"Remove","path":"members","value":[{"value":"\#(leaving[index])"}]}"#
            return try session.patchGroup(
                id, #"[\#(remove),{"op":"add","path":"members","value":[{"value":"\#(joining[index])"}]}]"#,
                client: client
            ).status
        }
        #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
        #expect(try scim.members(id) == Set(kept + joining))
        let logged = try scim.count(
            """
            SELECT count(*) FROM \(ident: scim.schema).provisioning_log
            WHERE resource_id = \(UUID(uuidString: id) ?? UUID()) AND operation = 'patch'
            """)
        #expect(logged == 20)
    }

    @Test func capsMembersInResponsesAndHonoursExcludedAttributes() throws {
        defer { server.stop() }
        let cap = GroupRepository.maxRenderedMembers
        let users = try scim.seedUsers(cap + 2)
        let id = try scim.createGroup("Huge")
        try scim.seedMembers(id, Array(users.dropLast()))
        let tooMany = try scim.send("GET", "/Groups/\(id)")
        #expect(tooMany.status == 400)
        #expect(tooMany.object["scimType"] as? String == "tooMany")
        #expect((tooMany.object["detail"] as? String)?.contains("excludedAttributes=members") == true)
        // Asked for (lists leave members out by default), a list page loads every group's members in one
        // statement: the huge group on it is refused the same way, and small groups get their own members.
        let hugeListed = try scim.send("GET", "/Groups?filter=displayName%20eq%20%22Huge%22&attributes=members")
        #expect(hugeListed.status == 400)
        #expect(hugeListed.object["scimType"] as? String == "tooMany")
        let smallGroups = try (0..<3).map { try scim.createGroup("Small \($0)") }
        for (index, group) in smallGroups.enumerated() {
            try scim.seedMembers(group, Array(users[index..<(index + 2)]))
        }
        let page = try scim.send(
            "GET", "/Groups?filter=displayName%20sw%20%22Small%20%22&sortBy=displayName&attributes=displayName,members")
        #expect(page.status == 200)
        let resources = page.object["Resources"] as? [[String: Any]] ?? []
        #expect(resources.count == 3)
        for (index, resource) in resources.enumerated() {
            let values = (resource["members"] as? [[String: Any]])?.compactMap { $0["value"] as? String }
            #expect(values.map(Set.init) == Set(users[index..<(index + 2)]), "members of Small \(index)")
        }
        let excluded = try scim.send("GET", "/Groups/\(id)?excludedAttributes=members")
        #expect(excluded.status == 200)
        #expect(excluded.object["members"] == nil)
        #expect(excluded.object["displayName"] as? String == "Huge")
        let selected = try scim.send("GET", "/Groups/\(id)?attributes=displayName")
        #expect(selected.status == 200)
        #expect(selected.object["members"] == nil)
        let add = try scim.patchGroup(id, #"[{"op":"add","path":"members","value":[{"value":"\#(users[cap + 1])"}]}]"#)
        #expect(add.status == 200, "\(add.text)")
        #expect(add.object["members"] == nil)
        #expect(try scim.members(id).count == cap + 2)
        let list = try scim.send("GET", "/Groups?filter=displayName%20eq%20%22Huge%22")
        #expect(list.status == 200)
        #expect((list.object["Resources"] as? [[String: Any]])?.first?["members"] == nil)

        let small = try scim.createGroup("Small", members: Array(users[0...1]))
        let patched = try scim.patchGroup(small, #"[{"op":"remove","path":"members[value eq \"\#(users[0])\"]"}]"#)
        #expect((patched.object["members"] as? [[String: Any]])?.count == 1)
        let patchedExcluded = try scim.send(
            "PATCH", "/Groups/\(small)?excludedAttributes=members",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(users[0])"}]}]}"#
        )
        #expect(patchedExcluded.status == 200)
        #expect(patchedExcluded.object["members"] == nil)
        let listed = try scim.send(
            "GET", "/Groups?filter=displayName%20eq%20%22Small%22&attributes=members,displayName")
        #expect(((listed.object["Resources"] as? [[String: Any]])?.first?["members"] as? [Any])?.count == 2)
    }
}
