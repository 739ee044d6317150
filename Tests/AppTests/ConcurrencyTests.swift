import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// A hundred writers at once on one user or one group: every write answered, none lost, none a 500, and
/// the outcome one that some serial order of the writes gives.
@Suite struct ConcurrencyTests {
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    func version(ofUser id: String) throws -> Int {
        try scim.count(
            "SELECT version::int FROM \(ident: scim.schema).users WHERE id = \(UUID(uuidString: id) ?? UUID())")
    }

    @Test func hundredConflictingUserPatchesAllApplyInSomeOrder() throws {
        defer { server.stop() }
        let id = try #require(try scim.createUser(uniqueName("contended"))["id"] as? String)
        let before = try version(ofUser: id)
        let titles = (0..<100).map { "Title \($0) \(UUID().uuidString.prefix(6))" }
        let host = scim.host
        let secret = scim.secret
        let statuses = scim.concurrently(100) { index, client in
            try client.request(
                "PATCH", "/api/scim/v2/Users/\(id)", host: host,
                headers: [("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json")],
                body:
                    #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"\#(titles[index])"}]}"#
            ).status
        }
        #expect(statuses.count == 100)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
        let final = try scim.send("GET", "/Users/\(id)")
        let title = try #require(final.object["title"] as? String)
        #expect(titles.contains(title))
        #expect(try version(ofUser: id) == before + statuses.filter { $0 == 200 }.count)
        #expect(final.header("ETag") == "W/\"\(before + 100)\"")
    }

    @Test func hundredPatchesWithTheSameIfMatchLetExactlyOneThrough() throws {
        defer { server.stop() }
        let created = try scim.send(
            "POST", "/Users",
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(uniqueName("guarded"))"}"#)
        let id = try #require(created.object["id"] as? String)
        let etag = try #require(created.header("ETag"))
        let before = try version(ofUser: id)
        let host = scim.host
        let secret = scim.secret
        let statuses = scim.concurrently(100) { index, client in
            try client.request(
                "PATCH", "/api/scim/v2/Users/\(id)", host: host,
                headers: [
                    ("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json"),
                    ("If-Match", etag),
                ],
                body:
                    #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"T\#(index)"}]}"#
            ).status
        }
        let counts = Dictionary(grouping: statuses) { $0 }.mapValues(\.count)
        #expect(counts == [200: 1, 412: 99], "\(counts)")
        #expect(try version(ofUser: id) == before + 1)
    }

    @Test func hundredConcurrentMembershipPatchesEqualTheSerialOutcome() throws {
        defer { server.stop() }
        let leaving = try scim.seedUsers(50, prefix: "leaving")
        let joining = try scim.seedUsers(50, prefix: "joining")
        let kept = try scim.seedUsers(5, prefix: "kept")
        let id = try scim.createGroup("Contended \(UUID().uuidString.prefix(8))")
        try scim.seedMembers(id, leaving + kept)
        let groupVersion: Query =
            "SELECT version::int FROM \(ident: scim.schema).groups WHERE id = \(UUID(uuidString: id) ?? UUID())"
        let before = try scim.count(groupVersion)
        let session = scim.writer
        let statuses = scim.concurrently(100) { index, client in
            let operation =
                index < 50
                ? #"[{"op":"add","path":"members","value":[{"value":"\#(joining[index])"}]}]"#
                : #"[{"op":"remove","path":"members[value eq \"\#(leaving[index - 50])\"]"}]"#
            return try session.patchGroup(id, operation, client: client).status
        }
        #expect(statuses.count == 100)
        #expect(statuses.allSatisfy { $0 == 200 }, "\(Dictionary(grouping: statuses) { $0 }.mapValues(\.count))")
        #expect(try scim.members(id) == Set(joining + kept))
        #expect(try scim.count(groupVersion) == before + 100)
    }
}
