import Foundation
import Postgres
import Store
import TestSupport
import Testing

/// Three organizations on one server: nothing of A can be read, changed, deleted or referenced from B
/// or C, no token crosses hosts, and no secret is stored in clear.
@Suite struct IsolationTests {
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let searchSchema = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    static let bulkSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"

    /// One request a tenant might try against another's resources, and what it must get.
    struct Probe {
        enum Outcome {
            case notFound
            case emptyList
            case bulkOf404s
            case rejectedMember
        }
        let method: String
        let path: String
        let body: String?
        let outcome: Outcome
    }

    /// A's data that must never leave A.
    struct Victim {
        let userID: String
        let userName: String
        let groupID: String
        let displayName: String
    }

    static func quoted(_ value: String) -> String {
        // Filters go in the query string: spaces and quotes percent-encoded.
        "%22\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)%22"
    }

    /// Every endpoint with every resource id of `victim`, as `attacker` would try it.
    static func probes(against victim: Victim, attackerGroup: String) -> [Probe] {
        let patch = #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"replace","path":"title","value":"owned"}]}"#
        let groupPatch =
            #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"replace","path":"displayName","value":"owned"}]}"#
        let put = #"{"schemas":["\#(userSchema)"],"userName":"hijacked-\#(UUID().uuidString.prefix(6))@example.com"}"#
        let groupPut = #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"hijacked"}"#
        var probes: [Probe] = []
        for id in [victim.userID, victim.groupID] {
            for resource in ["Users", "Groups"] {
                let isUser = resource == "Users"
                probes += [
                    Probe(method: "GET", path: "/\(resource)/\(id)", body: nil, outcome: .notFound),
                    Probe(method: "PUT", path: "/\(resource)/\(id)", body: isUser ? put : groupPut, outcome: .notFound),
                    Probe(
                        method: "PATCH", path: "/\(resource)/\(id)", body: isUser ? patch : groupPatch,
                        outcome: .notFound),
                    Probe(method: "DELETE", path: "/\(resource)/\(id)", body: nil, outcome: .notFound),
                ]
            }
        }
        let userID = quoted(victim.userID)
        let groupID = quoted(victim.groupID)
        probes += [
            Probe(method: "GET", path: "/Users?filter=id%20eq%20\(userID)", body: nil, outcome: .emptyList),
            Probe(
                method: "GET", path: "/Users?filter=userName%20eq%20\(quoted(victim.userName))", body: nil,
                outcome: .emptyList),
            Probe(method: "GET", path: "/Groups?filter=id%20eq%20\(groupID)", body: nil, outcome: .emptyList),
            Probe(
                method: "GET", path: "/Groups?filter=displayName%20eq%20\(quoted(victim.displayName))", body: nil,
                outcome: .emptyList),
            Probe(method: "GET", path: "/Groups?filter=members.value%20eq%20\(userID)", body: nil, outcome: .emptyList),
            Probe(
                method: "POST", path: "/Users/.search",
                body: #"{"schemas":["\#(searchSchema)"],"filter":"id eq \"\#(victim.userID)\""}"#, outcome: .emptyList),
            Probe(
                method: "POST", path: "/Groups/.search",
                body: #"{"schemas":["\#(searchSchema)"],"filter":"displayName eq \"\#(victim.displayName)\""}"#,
                outcome: .emptyList),
            Probe(
                method: "POST", path: "/.search",
                body: #"{"schemas":["\#(searchSchema)"],"filter":"userName eq \"\#(victim.userName)\""}"#,
                outcome: .emptyList),
            Probe(
                method: "POST", path: "/.search",
                body: #"{"schemas":["\#(searchSchema)"],"filter":"displayName eq \"\#(victim.displayName)\""}"#,
                outcome: .emptyList),
            Probe(
                method: "POST", path: "/Bulk",
                body: #"""
                    {"schemas":["\#(bulkSchema)"],"Operations":[
                    {"method":"PATCH","path":"/Users/\#(victim.userID)","data":\#(patch)},
                    {"method":"PATCH","path":"/Groups/\#(victim.groupID)","data":\#(groupPatch)},
                    {"method":"DELETE","path":"/Users/\#(victim.userID)"},
                    {"method":"DELETE","path":"/Groups/\#(victim.groupID)"}]}
                    """#, outcome: .bulkOf404s),
            Probe(
                method: "PATCH", path: "/Groups/\(attackerGroup)",
                body:
                    #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"add","path":"members","value":[{"value":"\#(victim.userID)"}]}]}"#,
                outcome: .rejectedMember),
            Probe(
                method: "PUT", path: "/Groups/\(attackerGroup)",
                body:
                    #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"steal-\#(UUID().uuidString.prefix(6))","members":[{"value":"\#(victim.userID)"}]}"#,
                outcome: .rejectedMember),
            Probe(
                method: "POST", path: "/Groups",
                body:
                    #"{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"steal-\#(UUID().uuidString.prefix(6))","members":[{"value":"\#(victim.userID)"}]}"#,
                outcome: .rejectedMember),
        ]
        return probes
    }

    /// Sends `probe` to `host` with `token` over `client`.
    static func send(_ probe: Probe, host: String, token: String, client: TestHTTPClient) throws
        -> TestHTTPClient.Response
    {
        var headers = [("Authorization", "Bearer \(token)")]
        if probe.body != nil { headers.append(("Content-Type", "application/scim+json")) }
        return try client.request(
            probe.method, "/api/scim/v2" + probe.path, host: host, headers: headers, body: probe.body)
    }

    static func check(_ response: TestHTTPClient.Response, _ probe: Probe) {
        let label = "\(probe.method) \(probe.path): \(response.status) \(response.text.prefix(300))"
        switch probe.outcome {
        case .notFound:
            #expect(response.status == 404, "\(label)")
        case .emptyList:
            #expect(response.status == 200, "\(label)")
            #expect(response.object["totalResults"] as? Int == 0, "\(label)")
        case .bulkOf404s:
            #expect(response.status == 200, "\(label)")
            let operations = response.object["Operations"] as? [[String: Any]] ?? []
            #expect(operations.count == 4, "\(label)")
            #expect(operations.allSatisfy { ($0["status"] as? String) == "404" }, "\(label)")
        case .rejectedMember:
            #expect(response.status == 400, "\(label)")
            #expect(response.object["scimType"] as? String == "invalidValue", "\(label)")
        }
    }

    @Test func keepsEveryResourceOfOneOrganizationAwayFromTheOthers() throws {
        let server = try TestServer()
        defer { server.stop() }
        let a = try SCIMSession(server: server)
        let attackers = [try SCIMSession(server: server), try SCIMSession(server: server)]
        let tag = UUID().uuidString.prefix(8).lowercased()
        let userName = "isolated-\(tag)@example.com"
        let user = try a.createUser(userName)
        let userID = try #require(user["id"] as? String)
        let displayName = "Isolated Group \(tag)"
        let groupID = try a.createGroup(displayName, members: [userID])
        let victim = Victim(userID: userID, userName: userName, groupID: groupID, displayName: displayName)
        let before = try [a.send("GET", "/Users/\(userID)"), a.send("GET", "/Groups/\(groupID)")]
        #expect(before.map(\.status) == [200, 200])
        var sent = 0
        for attacker in attackers {
            let attackerGroup = try attacker.createGroup("Attacker \(UUID().uuidString.prefix(6))")
            let probes = Self.probes(against: victim, attackerGroup: attackerGroup)
            for probe in probes {
                // The attacker's own host and token: as if A's resources did not exist.
                let own = try Self.send(probe, host: attacker.host, token: attacker.secret, client: attacker.client)
                Self.check(own, probe)
                // Crossed hosts and tokens: never past authentication.
                let crossed = [
                    try Self.send(probe, host: a.host, token: attacker.secret, client: attacker.client),
                    try Self.send(probe, host: attacker.host, token: a.secret, client: attacker.client),
                ]
                for response in crossed {
                    #expect(response.status == 401, "\(probe.method) \(probe.path): \(response.status)")
                }
                sent += 3
                for response in [own] + crossed {
                    #expect(!response.text.contains(userName), "\(probe.method) \(probe.path) leaked the userName")
                    #expect(!response.text.contains(displayName), "\(probe.method) \(probe.path) leaked the group")
                }
            }
            #expect(try attacker.members(attackerGroup).isEmpty)
        }
        #expect(sent >= 100)
        print("isolation: \(sent) cross-tenant requests against A's user and group, none answered with A's data")
        let after = try [a.send("GET", "/Users/\(userID)"), a.send("GET", "/Groups/\(groupID)")]
        #expect(after.map(\.status) == [200, 200])
        #expect(after.map { $0.header("ETag") } == before.map { $0.header("ETag") })
        #expect(after[0].object["userName"] as? String == userName)
        #expect(after[1].object["displayName"] as? String == displayName)
        #expect(try a.members(groupID) == [userID])
    }

    @Test func storesNoTokenOrSessionSecretInClear() throws {
        let server = try TestServer()
        defer { server.stop() }
        let sessions = [
            try SCIMSession(server: server), try SCIMSession(server: server), try SCIMSession(server: server),
        ]
        var secrets = sessions.map(\.secret)
        let plane = ControlPlane(connection: server.connection)
        var userNames: [String] = []
        for session in sessions {
            let userName = uniqueName("signin")
            userNames.append(userName)
            _ = try session.createUser(userName)
            secrets.append(try plane.createSession(Slug(session.slug), userName: userName).value)
            secrets.append(try plane.createToken(Slug(session.slug), name: "second", scopes: [.scim]).secret.value)
        }
        // Every secret still works: the scan below looks for live secrets, not stale ones.
        for session in sessions {
            #expect(try session.send("GET", "/Users?count=1").status == 200)
        }
        let schemas = sessions.map { $0.schema.name } + ["roster"]
        let tables = try server.connection.query(
            """
            SELECT table_schema::text, table_name::text FROM information_schema.tables
            WHERE table_schema = ANY(\(schemas)) AND table_type = 'BASE TABLE'
            """)
        let names = try tables.rows.map { (try $0.decode(String.self, at: 0), try $0.decode(String.self, at: 1)) }
        #expect(names.count >= 4 * 3 + 3)
        // Each row as text (bytea shows as hex), searched for each secret as text and as hex bytes.
        let needles = secrets.flatMap { [$0, $0.utf8.map { String(format: "%02x", $0) }.joined()] }
        for (schema, table) in names {
            let count = try Self.rows(containing: needles, in: schema, table, on: server.connection)
            #expect(count == 0, "\(schema).\(table) holds a secret in clear")
        }
        // The scan does find what is there: the sign-in user's name is in its tenant's users table.
        let known = try Self.rows(containing: [userNames[0]], in: schemas[0], "users", on: server.connection)
        #expect(known == 1)
    }

    /// How many rows of `schema.table` contain one of `needles` in their text form.
    static func rows(containing needles: [String], in schema: String, _ table: String, on connection: Connection)
        throws -> Int
    {
        let schemaName = try #require(SQLIdentifier(schema))
        let tableName = try #require(SQLIdentifier(table))
        return try connection.query(
            """
            SELECT count(*)::int FROM \(ident: schemaName).\(ident: tableName) t
            WHERE EXISTS (SELECT 1 FROM unnest(\(needles)::text[]) n WHERE strpos(t::text, n) > 0)
            """)[0].decode(at: 0)
    }
}
