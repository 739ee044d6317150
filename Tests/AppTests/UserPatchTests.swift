import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct UserPatchTests {
    static let patchOp = #""schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"]"#
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    func patch(_ id: String, _ operations: String) throws -> TestHTTPClient.Response {
        try scim.send("PATCH", "/Users/\(id)", "{\(Self.patchOp),\"Operations\":\(operations)}")
    }

    @Test func deactivatesAndReactivatesLikeOktaKeepingMemberships() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("okta"))
        let id = try #require(user["id"] as? String)
        let uuid = try #require(UUID(uuidString: id))
        try server.connection.execute(
            """
            INSERT INTO \(ident: scim.schema).group_members (group_id, user_id)
            SELECT id, \(uuid) FROM \(ident: scim.schema).groups WHERE system_role = 'editor'
            """)
        let usage: Query = "SELECT billable_users FROM roster.org_usage WHERE slug = \(scim.slug)"
        #expect(try scim.count(usage) == 1)
        let off = try patch(id, #"[{"op":"replace","value":{"active":false}}]"#)
        #expect(off.status == 200, "\(off.text)")
        #expect(off.object["active"] as? Bool == false)
        #expect(try scim.count(usage) == 0)
        // Inactive users still appear in lookups (Entra expects it).
        let name = try #require(user["userName"] as? String)
        let lookup = try scim.send("GET", "/Users?filter=userName%20eq%20%22\(name)%22")
        #expect(lookup.object["totalResults"] as? Int == 1)
        let on = try patch(id, #"[{"op":"replace","value":{"active":true}}]"#)
        #expect(on.object["active"] as? Bool == true)
        let groups = (on.object["groups"] as? [[String: Any]] ?? []).compactMap { $0["display"] as? String }
        #expect(Set(groups) == ["editor", "All Users"])
        let ops: Query = """
            SELECT string_agg(operation, ',' ORDER BY id) FROM \(ident: scim.schema).provisioning_log
            WHERE resource_id = \(uuid)
            """
        #expect(try server.connection.query(ops)[0].decode(String.self, at: 0) == "create,deactivate,reactivate")
    }

    @Test func acceptsEveryEntraLegacyForm() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("entra"))
        let id = try #require(user["id"] as? String)
        let response = try patch(
            id,
            """
            [{"op":"Replace","path":"displayName","value":"Entra Name"},
             {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"new@example.com"},
             {"op":"Replace","path":"name.givenName","value":"Ada"},
             {"op":"Add","path":"nickName","value":"Babs"},
             {"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"701984"},
             {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"mgr-1"},
             {"op":"Replace","path":"active","value":"False"}]
            """)
        #expect(response.status == 200, "\(response.text)")
        let object = response.object
        #expect(object["displayName"] as? String == "Entra Name")
        #expect(object["nickName"] as? String == "Babs")
        #expect(object["active"] as? Bool == false)
        #expect((object["name"] as? [String: Any])?["givenName"] as? String == "Ada")
        let emails = try #require(object["emails"] as? [[String: Any]])
        #expect(emails.first { $0["type"] as? String == "work" }?["value"] as? String == "new@example.com")
        let enterprise = try #require(
            object["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any])
        #expect(enterprise["employeeNumber"] as? String == "701984")
        #expect((enterprise["manager"] as? [String: Any])?["value"] as? String == "mgr-1")
        let rewrites: String = try server.connection.query(
            """
            SELECT array_to_string(rewrites, ' | ') FROM \(ident: scim.schema).provisioning_log
            WHERE operation = 'deactivate' AND resource_id = \(UUID(uuidString: id)!)
            """)[0].decode(at: 0)
        #expect(!rewrites.isEmpty)
    }

    @Test func acceptsEntraSCIMCompliantPathlessReplaceWithDottedKeys() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("aad"))
        let id = try #require(user["id"] as? String)
        let response = try patch(
            id,
            """
            [{"op":"replace","path":"emails[type eq \\"work\\"].value","value":"w@example.com"},
             {"op":"replace","value":{"displayName":"Dotted","name.givenName":"Grace","name.familyName":"Hopper",
               "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"Navy"}}]
            """)
        #expect(response.status == 200, "\(response.text)")
        #expect((response.object["name"] as? [String: Any])?["familyName"] as? String == "Hopper")
        #expect(
            ((response.object["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any])?[
                "department"] as? String) == "Navy")
    }

    @Test func changesNothingWhenOneOperationIsBad() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("atomic"))
        let id = try #require(user["id"] as? String)
        let before = try scim.send("GET", "/Users/\(id)")
        let response = try patch(
            id,
            #"[{"op":"replace","path":"title","value":"CEO"},{"op":"replace","path":"noSuchAttribute","value":"x"}]"#)
        #expect(response.status == 400)
        #expect(response.object["scimType"] as? String == "invalidPath")
        let after = try scim.send("GET", "/Users/\(id)")
        #expect(after.object["title"] == nil)
        #expect(after.header("ETag") == before.header("ETag"))
    }

    @Test func leavesVersionAloneWhenNothingChanges() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("noop"), extra: #","title":"Same""#)
        let id = try #require(user["id"] as? String)
        let meta = try #require(user["meta"] as? [String: Any])
        let response = try patch(id, #"[{"op":"replace","path":"title","value":"Same"}]"#)
        #expect(response.status == 200)
        let after = try #require(response.object["meta"] as? [String: Any])
        #expect(after["version"] as? String == meta["version"] as? String)
        #expect(after["lastModified"] as? String == meta["lastModified"] as? String)
    }

    @Test func roundTripsOktaMetadataAndTheManagerInBothForms() throws {
        defer { server.stop() }
        let created = try scim.send(
            "POST", "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "userName":"\(uniqueName("meta"))","metadata":{"costCode":"CC-7","level":3,"contractor":false},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"manager":{"value":"boss-1"}}}
            """)
        #expect(created.status == 201, "\(created.text)")
        let user = created.object
        let id = try #require(user["id"] as? String)
        let read = try scim.send("GET", "/Users/\(id)").object
        let metadata = try #require(read["metadata"] as? [String: Any])
        #expect(metadata["costCode"] as? String == "CC-7")
        #expect(metadata["level"] as? Int == 3)
        #expect(metadata["contractor"] as? Bool == false)
        let enterprise = read["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any]
        #expect((enterprise?["manager"] as? [String: Any])?["value"] as? String == "boss-1")
        // Entra's legacy form: the manager as a bare string.
        let patched = try patch(
            id,
            #"[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager","value":"boss-2"}]"#
        )
        let manager = (patched.object["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] as? [String: Any])?[
            "manager"]
        #expect((manager as? [String: Any])?["value"] as? String == "boss-2")
        // metadata is advertised: the User resource type lists the Roster extension.
        let type = try scim.send("GET", "/ResourceTypes/User").object
        let extensions = (type["schemaExtensions"] as? [[String: Any]] ?? []).compactMap { $0["schema"] as? String }
        #expect(extensions.contains("urn:ietf:params:scim:schemas:extension:roster:2.0:User"))
    }

    @Test func rejectsBadBodiesWithTheRightScimType() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("bad"))
        let id = try #require(user["id"] as? String)
        let core = #""schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]"#
        let cases: [(String, String, String, String)] = [
            ("POST", "/Users", "{not json", "invalidSyntax"),
            ("POST", "/Users", "{\(core),\"userName\":\"x@y\",\"active\":1}", "invalidValue"),
            ("POST", "/Users", "{\(core)}", "invalidValue"),
            ("POST", "/Users", #"{"schemas":["urn:nope"],"userName":"a"}"#, "invalidSyntax"),
            ("POST", "/Users", #"{"userName":"a"}"#, "invalidSyntax"),
            ("POST", "/Users", "{\(core),\"userName\":\"a\",\"shoeSize\":44}", "invalidSyntax"),
            ("PATCH", "/Users/\(id)", "{\(Self.patchOp),\"Operations\":[]}", "invalidSyntax"),
            ("PATCH", "/Users/\(id)", "{\(Self.patchOp),\"Operations\":[{\"op\":\"remove\"}]}", "noTarget"),
            (
                "PATCH", "/Users/\(id)",
                "{\(Self.patchOp),\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}]}", "mutability"
            ),
        ]
        for (method, path, body, scimType) in cases {
            let response = try scim.send(method, path, body)
            #expect(response.status == 400, "\(method) \(body): \(response.text)")
            #expect(response.object["scimType"] as? String == scimType, "\(method) \(body): \(response.text)")
        }
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).users") == 1)
    }

    @Test func endsSessionsOnDeactivation() throws {
        defer { server.stop() }
        let name = uniqueName("session")
        let user = try scim.createUser(name)
        let id = try #require(user["id"] as? String)
        let created = try RosterProcess.run(
            ["session", "create", scim.slug, name, "--json"], environment: ["DATABASE_URL": server.databaseURL])
        #expect(created.status == 0, "\(created.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(created.stdout.utf8)) as? [String: Any]
        let secret = try #require(object?["session"] as? String)
        let cookie = [("Cookie", "theme=dark; roster_session=\(secret)")]
        let live = try scim.client.request("GET", "/api/session", host: scim.host, headers: cookie)
        #expect(live.status == 200)
        #expect(live.object["userName"] as? String == name)
        #expect(try patch(id, #"[{"op":"replace","path":"active","value":false}]"#).status == 200)
        let after = try scim.client.request("GET", "/api/session", host: scim.host, headers: cookie)
        #expect(after.status == 401)
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).sessions") == 0)
    }

    @Test func guardsTheLastActiveAdmin() throws {
        defer { server.stop() }
        let first = try scim.createUser(uniqueName("admin1"))
        let second = try scim.createUser(uniqueName("admin2"))
        let firstID = try #require(first["id"] as? String)
        let secondID = try #require(second["id"] as? String)
        for id in [firstID, secondID] {
            try server.connection.execute(
                """
                INSERT INTO \(ident: scim.schema).group_members (group_id, user_id)
                SELECT id, \(UUID(uuidString: id)!) FROM \(ident: scim.schema).groups WHERE system_role = 'admin'
                """)
        }
        #expect(try patch(firstID, #"[{"op":"replace","value":{"active":false}}]"#).status == 200)
        let refused = try patch(secondID, #"[{"op":"replace","value":{"active":false}}]"#)
        #expect(refused.status == 409)
        #expect((refused.object["detail"] as? String)?.contains("last active admin") == true)
        #expect(try scim.send("DELETE", "/Users/\(secondID)").status == 409)
        #expect(try scim.send("GET", "/Users/\(secondID)").object["active"] as? Bool == true)
        let off = try RosterProcess.run(
            ["org", "flag", "set", scim.slug, "no-admin-guard"], environment: ["DATABASE_URL": server.databaseURL])
        #expect(off.status == 0)
        usleep(300_000)
        #expect(try patch(secondID, #"[{"op":"replace","value":{"active":false}}]"#).status == 200)
    }
}
