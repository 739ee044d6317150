import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct UsersTests {
    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    @Test func createsAUserWithLocationAndReadsItBack() throws {
        defer { server.stop() }
        let name = uniqueName()
        let response = try scim.send(
            "POST", "/Users",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\(name)","externalId":"00u1",
             "name":{"givenName":"Barbara","familyName":"Jensen"},"displayName":"Babs","locale":"en-US",
             "emails":[{"primary":true,"value":"\(name)","type":"work"}],"groups":[],"password":"S3cr3t!pass",
             "active":true}
            """, headers: [("User-Agent", "Okta SCIM Client 1.0.0")])
        #expect(response.status == 201, "\(response.text)")
        let user = response.object
        let id = try #require(user["id"] as? String)
        let meta = try #require(user["meta"] as? [String: Any])
        #expect(response.header("Location") == meta["location"] as? String)
        #expect(response.header("Location") == "https://\(scim.host)/api/scim/v2/Users/\(id)")
        #expect(response.header("ETag") == meta["version"] as? String)
        #expect(meta["resourceType"] as? String == "User")
        #expect(user["password"] == nil)
        #expect(!response.text.contains("S3cr3t"))
        #expect((user["name"] as? [String: Any])?["familyName"] as? String == "Jensen")
        let groups = try #require(user["groups"] as? [[String: Any]])
        #expect(groups.map { $0["display"] as? String } == ["All Users"])

        let read = try scim.send("GET", "/Users/\(id)")
        #expect(read.status == 200)
        #expect(read.object["userName"] as? String == name)
        #expect(read.object["externalId"] as? String == "00u1")
        #expect(read.header("Content-Type") == "application/scim+json")
        let log = try server.connection.query(
            """
            SELECT operation, idp, array_to_string(changed_attributes, ',') FROM \(ident: scim.schema).provisioning_log
            WHERE resource_id = \(UUID(uuidString: id)!)
            """)
        #expect(log.count == 1)
        #expect(try log[0].decode(String.self, at: 0) == "create")
        #expect(try log[0].decode(String.self, at: 1) == "Okta SCIM Client 1.0.0")
        let dump: String = try server.connection.query(
            "SELECT coalesce(string_agg(t::text, ''), '') FROM \(ident: scim.schema).users t")[0].decode(at: 0)
        #expect(!dump.contains("S3cr3t"))
        let logDump: String = try server.connection.query(
            "SELECT coalesce(string_agg(t::text, ''), '') FROM \(ident: scim.schema).provisioning_log t")[0].decode(
                at: 0)
        #expect(!logDump.contains("S3cr3t"))
        #expect(!server.logLines.all.joined().contains("S3cr3t"))
    }

    @Test func findsUsersByUserNameCaseInsensitivelyAndByExternalId() throws {
        defer { server.stop() }
        let name = uniqueName("Mixed.Case")
        let created = try scim.createUser(name, extra: #","externalId":"ext-42""#)
        let upper = name.uppercased().addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let byName = try scim.send("GET", "/Users?filter=userName%20eq%20%22\(upper)%22&startIndex=1&count=100")
        #expect(byName.status == 200)
        #expect(byName.object["totalResults"] as? Int == 1)
        #expect(byName.object["startIndex"] as? Int == 1)
        #expect(byName.object["itemsPerPage"] as? Int == 1)
        #expect(((byName.object["Resources"] as? [[String: Any]])?.first?["id"] as? String) == created["id"] as? String)
        let byExternal = try scim.send("GET", "/Users?filter=externalId%20eq%20%22ext-42%22")
        #expect(byExternal.object["totalResults"] as? Int == 1)
        let wrongCase = try scim.send("GET", "/Users?filter=externalId%20eq%20%22EXT-42%22")
        #expect(wrongCase.object["totalResults"] as? Int == 0)
        let none = try scim.send("GET", "/Users?filter=userName%20eq%20%22nobody%40example.com%22")
        #expect(none.status == 200)
        #expect(none.object["totalResults"] as? Int == 0)
        #expect((none.object["Resources"] as? [Any])?.count == 0)
        let bad = try scim.send("GET", "/Users?filter=userName%20eq")
        #expect(bad.status == 400)
        #expect(bad.object["scimType"] as? String == "invalidFilter")
    }

    @Test func pagesInAStableOrder() throws {
        defer { server.stop() }
        var created: [String] = []
        for index in 0..<7 { created.append(try scim.createUser(uniqueName("page\(index)"))["id"] as? String ?? "") }
        var seen: [String] = []
        var start = 1
        while true {
            let page = try scim.send("GET", "/Users?startIndex=\(start)&count=3").object
            let ids = (page["Resources"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(page["totalResults"] as? Int == 7)
            if ids.isEmpty { break }
            seen += ids
            start += 3
        }
        #expect(seen == created)
        let zero = try scim.send("GET", "/Users?count=0").object
        #expect(zero["totalResults"] as? Int == 7)
        #expect((zero["Resources"] as? [Any])?.isEmpty == true)
        let negative = try scim.send("GET", "/Users?startIndex=-5&count=-1").object
        #expect(negative["startIndex"] as? Int == 1)
    }

    @Test func refusesDuplicateUserNamesInAnyCase() throws {
        defer { server.stop() }
        let name = uniqueName("dup")
        _ = try scim.createUser(name)
        let body = #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name.uppercased())"}"#
        let response = try scim.send("POST", "/Users", body)
        #expect(response.status == 409)
        #expect(response.object["scimType"] as? String == "uniqueness")
        #expect(response.object["status"] as? String == "409")
    }

    @Test func concurrentCreatesOfOneNameGiveOne201AndOne409() throws {
        defer { server.stop() }
        let name = uniqueName("race")
        let outcomes = StatusList()
        let (port, host, secret) = (server.port, scim.host, scim.secret)
        let threads = [name.lowercased(), name.uppercased()].map { userName in
            Thread {
                let status =
                    (try? TestHTTPClient(port: port).request(
                        "POST", "/api/scim/v2/Users", host: host,
                        headers: [("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json")],
                        body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(userName)"}"#
                    ).status) ?? 0
                outcomes.append(status)
            }
        }
        threads.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(30)
        while outcomes.all.count < 2 && Date() < deadline { usleep(10_000) }
        #expect(outcomes.all.sorted() == [201, 409])
    }

    @Test func replacesFullyAndClearsAbsentAttributes() throws {
        defer { server.stop() }
        let name = uniqueName("put")
        let user = try scim.createUser(name, extra: #","title":"Engineer","nickName":"Babs""#)
        let id = try #require(user["id"] as? String)
        let response = try scim.send(
            "PUT", "/Users/\(id)",
            """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"\(id)","userName":"\(name)",
             "name":{"givenName":"New","familyName":"Name"},"active":true,"meta":{"resourceType":"User"}}
            """)
        #expect(response.status == 200, "\(response.text)")
        #expect(response.object["title"] == nil)
        #expect(response.object["nickName"] == nil)
        #expect(response.object["emails"] == nil)
        #expect((response.object["name"] as? [String: Any])?["givenName"] as? String == "New")
        #expect(response.object["id"] as? String == id)
    }

    @Test func enforcesIfMatchOnWrites() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("etag"))
        let id = try #require(user["id"] as? String)
        let etag = try #require((user["meta"] as? [String: Any])?["version"] as? String)
        #expect(etag.hasPrefix("W/\""))
        let notModified = try scim.send("GET", "/Users/\(id)", headers: [("If-None-Match", etag)])
        #expect(notModified.status == 304)
        let body =
            #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(user["userName"] as? String ?? "")","title":"x"}"#
        // Two PUTs with the same If-Match: one wins, the other is stale.
        let first = try scim.send("PUT", "/Users/\(id)", body, headers: [("If-Match", etag)])
        let second = try scim.send(
            "PUT", "/Users/\(id)", body.replacingOccurrences(of: "\"x\"", with: "\"y\""), headers: [("If-Match", etag)])
        #expect(first.status == 200)
        #expect(second.status == 412)
        let newTag = try #require(first.header("ETag"))
        #expect(newTag != etag)
        let stalePatch = try scim.send(
            "PATCH", "/Users/\(id)",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"z"}]}"#,
            headers: [("If-Match", etag)])
        #expect(stalePatch.status == 412)
        let staleDelete = try scim.send("DELETE", "/Users/\(id)", headers: [("If-Match", etag)])
        #expect(staleDelete.status == 412)
        #expect(try scim.send("DELETE", "/Users/\(id)", headers: [("If-Match", newTag)]).status == 204)
    }

    @Test func deletesUsersAndTheirMemberships() throws {
        defer { server.stop() }
        let user = try scim.createUser(uniqueName("del"))
        let id = try #require(user["id"] as? String).lowercased()
        let uuid = try #require(UUID(uuidString: id))
        try server.connection.execute(
            """
            INSERT INTO \(ident: scim.schema).group_members (group_id, user_id)
            SELECT id, \(uuid) FROM \(ident: scim.schema).groups WHERE system_role = 'editor'
            """)
        #expect(try scim.send("DELETE", "/Users/\(id)").status == 204)
        #expect(try scim.send("GET", "/Users/\(id)").status == 404)
        #expect(try scim.send("DELETE", "/Users/\(id)").status == 404)
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).group_members WHERE user_id = \(uuid)") == 0)
        #expect(try scim.send("GET", "/Users/not-a-uuid").status == 404)
        #expect(try scim.send("GET", "/Users/..%2F..%2Fetc").status == 404)
    }

    @Test func answersMeWith501() throws {
        defer { server.stop() }
        let me = try scim.send("GET", "/Me")
        #expect(me.status == 501)
        #expect(me.object["status"] as? String == "501")
    }
}

final class StatusList: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int] = []
    func append(_ status: Int) { lock.withLock { statuses.append(status) } }
    var all: [Int] { lock.withLock { statuses } }
}

@Suite struct UserLimitTests {
    @Test func refusesBodiesOverTheLimitWithAScimError() throws {
        let server = try TestServer(environment: ["ROSTER_HTTP_MAX_BODY_BYTES": "4096"])
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let big = String(repeating: "x", count: 5000)
        let response = try scim.send(
            "POST", "/Users", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(big)"}"#)
        #expect(response.status == 413)
        #expect(response.object["status"] as? String == "413")
        #expect(response.header("Content-Type") == "application/scim+json")
        #expect(try scim.count("SELECT count(*) FROM \(ident: scim.schema).users") == 0)
    }

    @Test func refusesUnsupportedMediaTypes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let response = try scim.client.request(
            "POST", "/api/scim/v2/Users", host: scim.host,
            headers: [("Authorization", "Bearer \(scim.secret)"), ("Content-Type", "text/plain")],
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b"}"#)
        #expect(response.status == 415)
        let json = try scim.client.request(
            "POST", "/api/scim/v2/Users", host: scim.host,
            headers: [("Authorization", "Bearer \(scim.secret)"), ("Content-Type", "application/json; charset=utf-8")],
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a@b"}"#)
        #expect(json.status == 201)
    }
}

@Suite struct UserCaseInsensitivityTests {
    @Test func readsAttributeNamesInAnyCase() throws {
        let server = try TestServer()
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let name = uniqueName("case")
        let response = try scim.send(
            "POST", "/Users",
            """
            {"SCHEMAS":["urn:ietf:params:scim:schemas:core:2.0:user"],"USERNAME":"\(name)",
             "Name":{"GivenName":"Ada","FAMILYNAME":"Lovelace"},"Active":true}
            """)
        #expect(response.status == 201, "\(response.text)")
        #expect(response.object["userName"] as? String == name)
        #expect((response.object["name"] as? [String: Any])?["familyName"] as? String == "Lovelace")
        let id = try #require(response.object["id"] as? String)
        let patched = try scim.send(
            "PATCH", "/Users/\(id)",
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"REPLACE","path":"NAME.givenname","value":"Augusta"}]}"#
        )
        #expect(patched.status == 200, "\(patched.text)")
        #expect((patched.object["name"] as? [String: Any])?["givenName"] as? String == "Augusta")
    }
}
