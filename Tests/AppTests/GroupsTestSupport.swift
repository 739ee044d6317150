import Foundation
import Postgres
import Synchronization
import TestSupport

/// Group helpers on a SCIM session: creation, PATCH, member sets read straight from the database, and
/// users seeded in one set-based INSERT.
extension SCIMSession {
    static let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"

    /// Creates a group with `members` (user ids) and returns its id.
    func createGroup(_ name: String, members: [String] = []) throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let response = try send(
            "POST", "/Groups", #"{"schemas":["\#(Self.groupSchema)"],"displayName":"\#(name)","members":[\#(list)]}"#)
        guard response.status == 201, let id = response.object["id"] as? String else {
            throw TestHTTPClient.Failure(description: "create group \(name): \(response.status) \(response.text)")
        }
        return id
    }

    /// Sends a PATCH with `operations` (a JSON array) to the group.
    func patchGroup(_ id: String, _ operations: String, headers: [(String, String)] = []) throws
        -> TestHTTPClient.Response
    {
        try send(
            "PATCH", "/Groups/\(id)",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#,
            headers: headers)
    }

    /// The group's member ids, read from the database.
    func members(_ groupID: String) throws -> Set<String> {
        let rows = try server.connection.query(
            """
            SELECT user_id::text FROM \(ident: schema).group_members
            WHERE group_id = \(UUID(uuidString: groupID) ?? UUID())
            """)
        return Set(try rows.rows.map { try $0.decode(String.self, at: 0) })
    }

    /// `count` users made in one INSERT; returns their ids in creation order.
    func seedUsers(_ count: Int, prefix: String = "seed") throws -> [String] {
        let tag = "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
        let rows = try server.connection.query(
            """
            INSERT INTO \(ident: schema).users (user_name, created_at)
            SELECT \(tag) || '-' || g || '@example.com', now() + g * interval '1 microsecond'
            FROM generate_series(1, \(count)) g RETURNING id::text
            """)
        return try rows.rows.map { try $0.decode(String.self, at: 0) }
    }

    /// Adds memberships directly in the database (one INSERT).
    func seedMembers(_ groupID: String, _ userIDs: [String]) throws {
        try server.connection.execute(
            """
            INSERT INTO \(ident: schema).group_members (group_id, user_id)
            SELECT \(UUID(uuidString: groupID) ?? UUID())::uuid, u FROM unnest(\(userIDs)::uuid[]) u
            """)
    }

    /// The id of the default group with `role`.
    func defaultGroup(_ role: String) throws -> String {
        try server.connection.query(
            "SELECT id::text FROM \(ident: schema).groups WHERE system_role = \(role)")[0].decode(at: 0)
    }

    /// Runs `body` on `count` threads at once, each with its own client; returns the statuses.
    func concurrently(_ count: Int, _ body: @escaping @Sendable (Int, TestHTTPClient) throws -> Int) -> [Int] {
        let statuses = Mutex<[Int]>([])
        let group = DispatchGroup()
        let port = server.port
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                let status = (try? body(index, TestHTTPClient(port: port))) ?? -1
                statuses.withLock { $0.append(status) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        return statuses.withLock { $0 }
    }

    /// What a thread needs to write to this tenant with its own client.
    var writer: GroupWriter { GroupWriter(host: host, secret: secret) }
}

/// `[{"value":"a"},{"value":"b"}]`.
func memberList(_ ids: [String]) -> String {
    "[" + ids.map { #"{"value":"\#($0)"}"# }.joined(separator: ",") + "]"
}

/// Sends group PATCHes for one tenant over a given client (one per thread).
struct GroupWriter: Sendable {
    let host: String
    let secret: String

    /// A PATCH of a group over `client`.
    func patchGroup(_ id: String, _ operations: String, client: TestHTTPClient) throws -> TestHTTPClient.Response {
        try client.request(
            "PATCH", "/api/scim/v2/Groups/\(id)", host: host,
            headers: [("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json")],
            body: #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#)
    }
}
