import Foundation
import Synchronization
import TestSupport
import Testing

/// Bugs roster-fuzz found, each pinned by a test that failed before the fix.
@Suite struct FuzzRegressionTests {
    /// roster-fuzz seed 2026, case 310: a group created (or patched) with a member while another connection
    /// deleted that user got a 500 — the membership INSERT failed its foreign key after the existence check had
    /// passed. Now the check locks the users it found, so the outcome is a serial one: the group gets the member
    /// and the DELETE then removes it, or the DELETE wins and the write is a 400 naming the id.
    @Test func raceOfAMembershipWriteAndTheUsersDeleteIsNeverA500() throws {
        let server = try TestServer(environment: ["ROSTER_HTTP_WORKERS": "6"])
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
        let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
        let targetBody = #"{"schemas":["\#(groupSchema)"],"displayName":"race target"}"#
        let target = try #require(try scim.send("POST", "/Groups", targetBody).object["id"] as? String)
        let statuses = Mutex<[String: [Int]]>([:])
        for round in 0..<40 {
            let user = try #require(try scim.createUser(uniqueName("race\(round)"))["id"] as? String)
            let requests: [(String, String, String?)] = [
                (
                    "POST", "/Groups",
                    #"{"schemas":["\#(groupSchema)"],"displayName":"race \#(round)","members":[{"value":"\#(user)"}]}"#
                ),
                (
                    "PATCH", "/Groups/\(target)",
                    #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(user)"}]}]}"#
                ),
                ("DELETE", "/Users/\(user)", nil),
            ]
            let group = DispatchGroup()
            let start = DispatchSemaphore(value: 0)
            for (method, path, body) in requests {
                group.enter()
                let host = scim.host
                let secret = scim.secret
                let port = server.port
                Thread {
                    defer { group.leave() }
                    guard let client = try? TestHTTPClient(port: port) else { return }
                    start.wait()
                    var headers = [("Authorization", "Bearer \(secret)")]
                    if body != nil { headers.append(("Content-Type", "application/scim+json")) }
                    let status =
                        (try? client.request(method, "/api/scim/v2" + path, host: host, headers: headers, body: body))?
                        .status ?? -1
                    statuses.withLock { $0[method, default: []].append(status) }
                }.start()
            }
            for _ in requests { start.signal() }
            group.wait()
        }
        let all = statuses.withLock { $0 }
        #expect(Set(all["POST"] ?? []).isSubset(of: [201, 400]), "POST /Groups: \(all["POST"] ?? [])")
        #expect(Set(all["PATCH"] ?? []).isSubset(of: [200, 400]), "PATCH /Groups: \(all["PATCH"] ?? [])")
        #expect(Set(all["DELETE"] ?? []) == [204], "DELETE /Users: \(all["DELETE"] ?? [])")
        // Every user was deleted, so no group holds a member any more.
        #expect(try scim.count("SELECT count(*)::int FROM \(ident: scim.schema).group_members") == 0)
        print("membership/delete race: \(all.mapValues { Dictionary(grouping: $0, by: { $0 }).mapValues(\.count) })")
    }
}
