import Foundation
import Postgres
import TestSupport
import Testing

/// `POST /Bulk` over HTTP: bulkId references, failOnErrors, PATCH and DELETE by id, limits, discovery.
@Suite struct BulkTests {
    static let bulkSchema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"

    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    /// Sends a BulkRequest with `operations` (JSON objects) and returns the response's operations.
    func bulk(
        _ operations: [String], failOnErrors: Int? = nil, session: SCIMSession? = nil,
        headers: [(String, String)] = []
    ) throws -> (TestHTTPClient.Response, [[String: Any]]) {
        let fail = failOnErrors.map { #","failOnErrors":\#($0)"# } ?? ""
        let body = #"{"schemas":["\#(Self.bulkSchema)"]\#(fail),"Operations":[\#(operations.joined(separator: ","))]}"#
        let response = try (session ?? scim).send("POST", "/Bulk", body, headers: headers)
        return (response, response.object["Operations"] as? [[String: Any]] ?? [])
    }

    static func createUser(_ bulkId: String, _ userName: String) -> String {
        #"{"method":"POST","path":"/Users","bulkId":"\#(bulkId)","data":{"schemas":["\#(userSchema)"],"userName":"\#(userName)"}}"#
    }

    func userExists(_ userName: String) throws -> Bool {
        let response = try scim.send("GET", "/Users?filter=userName%20eq%20%22\(userName)%22")
        return response.object["totalResults"] as? Int == 1
    }

    @Test func createsFiftyUsersAndAGroupOfThemByBulkId() throws {
        defer { server.stop() }
        let tag = UUID().uuidString.prefix(8).lowercased()
        var operations = (1...50).map { Self.createUser("u\($0)", "bulk\($0)-\(tag)@example.com") }
        let members = (1...50).map { #"{"value":"bulkId:u\#($0)"}"# }.joined(separator: ",")
        operations.append(
            #"{"method":"post","path":"/Groups","bulkId":"g","data":{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Bulk \#(tag)","members":[\#(members)]}}"#
        )
        let (response, results) = try bulk(operations, headers: [("User-Agent", "Okta SCIM Client 1.0.0")])
        #expect(response.status == 200, "\(response.text)")
        #expect((response.object["schemas"] as? [String]) == ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
        #expect(results.count == 51)
        #expect(results.allSatisfy { $0["status"] as? String == "201" && $0["method"] as? String == "POST" })
        #expect(results.allSatisfy { $0["version"] is String && $0["response"] == nil })
        let userIDs = results.prefix(50).compactMap { ($0["location"] as? String)?.split(separator: "/").last }
        #expect(userIDs.count == 50)
        #expect(results[49]["bulkId"] as? String == "u50")
        let groupLocation = try #require(results[50]["location"] as? String)
        #expect(groupLocation.hasPrefix("https://\(scim.host)/api/scim/v2/Groups/"))
        let groupID = String(try #require(groupLocation.split(separator: "/").last))
        let group = try scim.send("GET", "/Groups/\(groupID)")
        #expect(group.status == 200)
        let listed = (group.object["members"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(listed.count == 50)
        #expect(Set(listed) == Set(userIDs.map(String.init)))
        let logged = try scim.count(
            "SELECT count(*) FROM \(ident: scim.schema).provisioning_log WHERE idp = 'Okta SCIM Client 1.0.0'")
        #expect(logged == 51)
    }

    @Test func failOnErrorsStopsAtTheFirstError() throws {
        defer { server.stop() }
        let names = (1...3).map { _ in uniqueName("fail") }
        let (response, results) = try bulk(
            [
                Self.createUser("a", names[0]), Self.createUser("b", names[0]), Self.createUser("c", names[1]),
                Self.createUser("d", names[2]),
            ], failOnErrors: 1)
        #expect(response.status == 200, "\(response.text)")
        #expect(results.count == 2)
        #expect(results.map { $0["status"] as? String } == ["201", "409"])
        #expect(results[1]["location"] == nil)
        let error = try #require(results[1]["response"] as? [String: Any])
        #expect(error["scimType"] as? String == "uniqueness")
        #expect(error["status"] as? String == "409")
        #expect(try userExists(names[0]))
        #expect(try !userExists(names[1]))
        #expect(try !userExists(names[2]))
    }

    @Test func patchesAndDeletesById() throws {
        defer { server.stop() }
        let keep = try #require(try scim.createUser(uniqueName("keep"))["id"] as? String)
        let gone = try #require(try scim.createUser(uniqueName("gone"))["id"] as? String)
        let patch =
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Patched"}]}"#
        let (response, results) = try bulk([
            #"{"method":"PATCH","path":"/Users/\#(keep)","version":"W/\"1\"","data":\#(patch)}"#,
            #"{"method":"DELETE","path":"/Users/\#(gone)"}"#,
            #"{"method":"PATCH","path":"/Users/\#(keep)","version":"W/\"1\"","data":\#(patch)}"#,
        ])
        #expect(response.status == 200, "\(response.text)")
        #expect(results.map { $0["status"] as? String } == ["200", "204", "412"])
        #expect(results[0]["location"] as? String == "https://\(scim.host)/api/scim/v2/Users/\(keep)")
        #expect(results[0]["version"] as? String == "W/\"2\"")
        #expect(try scim.send("GET", "/Users/\(keep)").object["displayName"] as? String == "Patched")
        #expect(try scim.send("GET", "/Users/\(gone)").status == 404)
    }

    @Test func resolvesBulkIdsInPaths() throws {
        defer { server.stop() }
        let name = uniqueName("path")
        let user = #"{"schemas":["\#(Self.userSchema)"],"userName":"\#(name)","displayName":"Put"}"#
        let (response, results) = try bulk([
            Self.createUser("p", name),
            #"{"method":"PUT","path":"/Users/bulkId:p","data":\#(user)}"#,
            #"{"method":"DELETE","path":"/Users/bulkId:p","bulkId":"del"}"#,
        ])
        #expect(response.status == 200, "\(response.text)")
        #expect(results.map { $0["status"] as? String } == ["201", "200", "204"])
        #expect(results[2]["bulkId"] as? String == "del")
        #expect(results[1]["location"] as? String == results[0]["location"] as? String)
        #expect(try !userExists(name))
    }

    @Test func anUnknownBulkIdFailsOnlyThatOperation() throws {
        defer { server.stop() }
        let name = uniqueName("ref")
        let (response, results) = try bulk([
            #"{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["\#(SCIMSession.groupSchema)"],"displayName":"Ref \#(name)","members":[{"value":"bulkId:later"}]}}"#,
            #"{"method":"DELETE","path":"/Users/bulkId:nobody"}"#,
            Self.createUser("later", name),
            #"{"method":"POST","path":"/Bulk","bulkId":"nested","data":{}}"#,
        ])
        #expect(response.status == 200, "\(response.text)")
        #expect(results.map { $0["status"] as? String } == ["409", "409", "201", "400"])
        #expect((results[0]["response"] as? [String: Any])?["scimType"] as? String == "invalidValue")
        #expect(try userExists(name))
        let groups = try scim.send("GET", "/Groups?filter=displayName%20eq%20%22Ref%20\(name)%22")
        #expect(groups.object["totalResults"] as? Int == 0)
    }

    @Test func refusesMoreOperationsThanAllowedAndAdvertisesTheLimits() throws {
        defer { server.stop() }
        let limited = try TestServer(environment: [
            "ROSTER_SCIM_BULK_MAX_OPERATIONS": "2", "ROSTER_SCIM_BULK_MAX_PAYLOAD_SIZE": "1000",
        ])
        defer { limited.stop() }
        let session = try SCIMSession(server: limited)
        let names = (1...3).map { _ in uniqueName("many") }
        let (response, results) = try bulk(
            names.enumerated().map { Self.createUser("m\($0.offset)", $0.element) }, session: session)
        #expect(response.status == 413, "\(response.text)")
        #expect(response.object["status"] as? String == "413")
        #expect(results.isEmpty)
        let config = try session.send("GET", "/ServiceProviderConfig").object
        let limits = try #require(config["bulk"] as? [String: Any])
        #expect(limits["supported"] as? Bool == true)
        #expect(limits["maxOperations"] as? Int == 2)
        #expect(limits["maxPayloadSize"] as? Int == 1000)
        let padding = String(repeating: "x", count: 1000)
        let (tooLarge, _) = try bulk(
            [#"{"method":"DELETE","path":"/Users/\#(padding)"}"#], session: session)
        #expect(tooLarge.status == 413, "\(tooLarge.text)")
        let defaults = try #require(try scim.send("GET", "/ServiceProviderConfig").object["bulk"] as? [String: Any])
        #expect(defaults["maxOperations"] as? Int == 1000)
        #expect(defaults["maxPayloadSize"] as? Int == 1_048_576)
    }

    @Test func refusesMalformedBulkRequestsAndOtherMethods() throws {
        defer { server.stop() }
        let noSchema = try scim.send("POST", "/Bulk", #"{"Operations":[]}"#)
        #expect(noSchema.status == 400)
        #expect(noSchema.object["scimType"] as? String == "invalidSyntax")
        let postWithoutBulkId = try scim.send(
            "POST", "/Bulk", #"{"schemas":["\#(Self.bulkSchema)"],"Operations":[{"method":"POST","path":"/Users"}]}"#)
        #expect(postWithoutBulkId.status == 400)
        let badFail = try scim.send(
            "POST", "/Bulk", #"{"schemas":["\#(Self.bulkSchema)"],"failOnErrors":0,"Operations":[]}"#)
        #expect(badFail.status == 400)
        #expect(try scim.send("GET", "/Bulk").status == 405)
    }
}
