import Foundation
import TestSupport
import Testing

/// Named hostile requests against a whole Roster (HTTP layer, tenant resolution, auth and handlers together):
/// framing and header attacks, huge bodies and heads, bytes that are not UTF-8, and SQL injection in every
/// place a client controls. Each gets a 4xx SCIM error (or a close), nothing is executed or stored that
/// should not be, and the server keeps serving.
extension HostileInputTests {
    static let injections = [
        "'; DROP TABLE users; --", "' OR '1'='1", "\" OR \"1\"=\"1", "1); DELETE FROM roster.organizations; --",
        "x' || (SELECT pg_sleep(5)) || '", "$1", "$$; DROP SCHEMA roster CASCADE; $$", "\\'; --", "%' --",
    ]

    /// Sends `bytes` on a fresh connection and returns every response until the server closes it (every case
    /// here ends in an error that closes the connection; 5 s without a byte also ends the wait).
    func exchange(_ bytes: [UInt8]) throws -> [TestHTTPClient.Response] {
        let client = try TestHTTPClient(port: server.port, timeout: 5)
        defer { client.close() }
        try? client.sendRaw(bytes)
        var responses: [TestHTTPClient.Response] = []
        while let response = try? client.readResponse() { responses.append(response) }
        return responses
    }

    func head(_ method: String, _ path: String, extra: String = "") -> String {
        "\(method) /api/scim/v2\(path) HTTP/1.1\r\nHost: \(scim.host)\r\nAuthorization: Bearer \(scim.secret)\r\n\(extra)"
    }

    func expectSCIMError(_ response: TestHTTPClient.Response, _ status: Int, _ note: String) {
        #expect(response.status == status, "\(note): \(response.status) \(response.text.prefix(200))")
        #expect(response.object["status"] as? String == String(response.status), "\(note)")
        #expect(
            (response.object["schemas"] as? [String]) == ["urn:ietf:params:scim:api:messages:2.0:Error"], "\(note)")
    }

    func userCount() throws -> Int {
        try scim.count("SELECT count(*)::int FROM \(ident: scim.schema).users")
    }

    @Test func storesSQLInjectionAsPlainDataEverywhere() throws {
        defer { server.stop() }
        for (index, text) in Self.injections.enumerated() {
            // In attribute values: stored and returned byte for byte.
            let body: JSONValueText = [
                "userName": "inj\(index)\(text)@x.test", "externalId": text, "displayName": text, "title": text,
            ]
            let created = try scim.send("POST", "/Users", body.text)
            #expect(created.status == 201, "\(text): \(created.text.prefix(200))")
            #expect(created.object["externalId"] as? String == text)
            let id = try #require(created.object["id"] as? String)
            let patch =
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"nickName","value":\#(FilterInjectionTests.jsonString(text))}]}"#
            let patched = try scim.send("PATCH", "/Users/\(id)", patch)
            #expect(patched.object["nickName"] as? String == text, "\(text): \(patched.text.prefix(200))")
            let encoded = FilterInjectionTests.encode(text)
            // In a PATCH path, sortBy, attributes, excludedAttributes, an id and a group member: refused or ignored.
            let badPath =
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":\#(FilterInjectionTests.jsonString(text)),"value":"x"}]}"#
            let pathResponse = try scim.send("PATCH", "/Users/\(id)", badPath)
            expectSCIMError(pathResponse, 400, "PATCH path \(text)")
            for query in ["sortBy=\(encoded)", "attributes=\(encoded)", "excludedAttributes=\(encoded)"] {
                let response = try scim.send("GET", "/Users?\(query)")
                #expect([200, 400].contains(response.status), "\(query): \(response.status)")
            }
            expectSCIMError(try scim.send("GET", "/Users/\(encoded)"), 404, "id \(text)")
            let group =
                #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":\#(FilterInjectionTests.jsonString(text)),"members":[{"value":\#(FilterInjectionTests.jsonString(text))}]}"#
            expectSCIMError(try scim.send("POST", "/Groups", group), 400, "member \(text)")
            // In a .search filter (every filter position is FilterInjectionTests' job over GET).
            let search =
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],"filter":\#(FilterInjectionTests.jsonString("externalId eq \(FilterInjectionTests.jsonString(text))"))}"#
            let found = try scim.send("POST", "/Users/.search", search)
            #expect(found.object["totalResults"] as? Int == 1, "\(text): \(found.text.prefix(200))")
            // In the Host header: no organization, no SQL.
            let client = try server.client()
            let hostResponse = try client.request(
                "GET", "/api/scim/v2/Users", host: "h\(encoded).test",
                headers: [("Authorization", "Bearer \(scim.secret)")])
            #expect([400, 404].contains(hostResponse.status), "Host \(text): \(hostResponse.status)")
        }
        let check = try scim.send("GET", "/Users?count=200")
        let names = (check.object["Resources"] as? [[String: Any]] ?? []).compactMap { $0["userName"] as? String }
        #expect(names.count == Self.injections.count)
        #expect(try userCount() == Self.injections.count)
        #expect(try scim.count("SELECT count(*)::int FROM roster.organizations") >= 1)
    }

    @Test func refusesTenMegabyteBodiesWith413() throws {
        defer { server.stop() }
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
        let byLength = try exchange(
            Array(
                (head("POST", "/Users") + "Content-Type: application/scim+json\r\nContent-Length: \(big.count)\r\n\r\n")
                    .utf8) + big)
        #expect(byLength.count == 1)
        if let response = byLength.first { expectSCIMError(response, 413, "10 MB by Content-Length") }
        // The same 10 MB in 64 KiB chunks.
        var chunked = Array(
            (head("POST", "/Users") + "Content-Type: application/scim+json\r\nTransfer-Encoding: chunked\r\n\r\n").utf8)
        for _ in 0..<160 { chunked += Array("10000\r\n".utf8) + big.prefix(65_536) + Array("\r\n".utf8) }
        chunked += Array("0\r\n\r\n".utf8)
        let byChunks = try exchange(chunked)
        #expect(byChunks.count == 1)
        if let response = byChunks.first { expectSCIMError(response, 413, "10 MB chunked") }
        #expect(try userCount() == 0)
        try expectStillServing()
    }

    @Test func refuses64KilobyteHeadsWith431() throws {
        defer { server.stop() }
        let one = head("GET", "/Users") + "X-Big: \(String(repeating: "b", count: 65_536))\r\n\r\n"
        let many =
            head("GET", "/Users")
            + (0..<64).map { "X-Part-\($0): \(String(repeating: "c", count: 1_000))\r\n" }.joined() + "\r\n"
        let longTarget =
            "GET /api/scim/v2/Users?filter=\(String(repeating: "a", count: 65_536)) HTTP/1.1\r\nHost: \(scim.host)\r\n\r\n"
        for (name, request) in [
            ("one 64 KiB header", one), ("64 headers of 1 KB", many), ("a 64 KiB target", longTarget),
        ] {
            let responses = try exchange(Array(request.utf8))
            #expect(responses.count == 1, "\(name)")
            if let response = responses.first { expectSCIMError(response, 431, name) }
        }
        try expectStillServing()
    }

    @Test func refusesNULAndBadUTF8OutsideTheBody() throws {
        defer { server.stop() }
        // RFC 9110 §5.5: bytes above 0x7F in a field value are opaque obs-text, so an overlong sequence in a
        // header nobody reads may pass; in Host or Authorization it must not get anywhere.
        let requests: [(String, [UInt8], Set<Int>)] = [
            (
                "NUL in a header", Array((head("GET", "/Users") + "X-Nul: a").utf8) + [0] + Array("b\r\n\r\n".utf8),
                [400]
            ),
            (
                "NUL in the path",
                Array("GET /api/scim/v2/Users/a".utf8) + [0] + Array(" HTTP/1.1\r\nHost: \(scim.host)\r\n\r\n".utf8),
                [400]
            ),
            (
                "0xFF in the path",
                Array("GET /api/scim/v2/Users/".utf8) + [0xFF] + Array(" HTTP/1.1\r\nHost: \(scim.host)\r\n\r\n".utf8),
                [400]
            ),
            (
                "overlong / in Host",
                Array("GET /api/scim/v2/Users HTTP/1.1\r\nHost: a".utf8) + [0xC0, 0xAF]
                    + Array(".\(scim.host)\r\nAuthorization: Bearer \(scim.secret)\r\n\r\n".utf8), [400]
            ),
            (
                "overlong / in an unread header",
                Array((head("GET", "/Users?count=1") + "Connection: close\r\nX-Over: ").utf8) + [0xC0, 0xAF]
                    + Array("\r\n\r\n".utf8), [200, 400]
            ),
            (
                "0xFF in Authorization",
                Array("GET /api/scim/v2/Users HTTP/1.1\r\nHost: \(scim.host)\r\nAuthorization: Bearer ".utf8) + [0xFF]
                    + Array("\r\n\r\n".utf8), [400, 401]
            ),
        ]
        for (name, bytes, statuses) in requests {
            let responses = try exchange(bytes)
            #expect(responses.count == 1, "\(name)")
            if let response = responses.first {
                #expect(statuses.contains(response.status), "\(name): \(response.status)")
                if response.status >= 400 {
                    #expect(response.object["status"] as? String == String(response.status), "\(name)")
                }
            }
        }
        // Percent-escaped NUL, invalid and overlong UTF-8 in a filter or an id.
        for query in [
            "filter=userName%20eq%20%22a%00b%22", "filter=userName%20eq%20%22%FF%22",
            "filter=userName%20eq%20%22%C0%AF%22", "filter=%ED%A0%80",
        ] {
            let response = try scim.send("GET", "/Users?\(query)")
            #expect([200, 400].contains(response.status), "\(query): \(response.status) \(response.text.prefix(200))")
            if response.status == 200 { #expect(response.object["totalResults"] as? Int == 0, "\(query)") }
        }
        for id in ["%00", "%FF", "%C0%AF", "a%00b"] {
            expectSCIMError(try scim.send("GET", "/Users/\(id)"), 404, "id \(id)")
        }
        try expectStillServing()
    }

    @Test func neverRunsASmuggledRequest() throws {
        defer { server.stop() }
        let id = try #require(try scim.createUser(uniqueName("victim"))["id"] as? String)
        let smuggled = head("DELETE", "/Users/\(id)") + "\r\n"
        let body = "0\r\n\r\n" + smuggled
        let variants = [
            "Content-Length: \(body.utf8.count)\r\nTransfer-Encoding: chunked\r\n",
            "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n",
            "Content-Length: 0\r\nContent-Length: \(body.utf8.count)\r\n",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n",
            "Transfer-Encoding: gzip, chunked\r\n",
        ]
        for framing in variants {
            let responses = try exchange(Array((head("POST", "/Users/.search") + framing + "\r\n" + body).utf8))
            #expect(responses.count == 1, "\(framing.debugDescription): \(responses.map(\.status))")
            if let response = responses.first { expectSCIMError(response, 400, framing.debugDescription) }
            #expect(
                try scim.send("GET", "/Users/\(id)").status == 200, "smuggled DELETE ran: \(framing.debugDescription)")
        }
    }

    @Test func refusesAmbiguousHostHeaders() throws {
        defer { server.stop() }
        let other = try SCIMSession(server: server)
        _ = try scim.createUser(uniqueName("mine"))
        let auth = "Authorization: Bearer \(scim.secret)\r\n"
        let cases = [
            ("two Host headers", "Host: \(scim.host)\r\nHost: \(other.host)\r\n\(auth)", [400]),
            ("the same Host twice", "Host: \(scim.host)\r\nHost: \(scim.host)\r\n\(auth)", [400]),
            ("Host with a path", "Host: \(scim.host)/api/scim/v2\r\n\(auth)", [400, 404]),
            ("Host with credentials", "Host: user:pass@\(scim.host)\r\n\(auth)", [400, 404]),
            ("Host with another host's credentials", "Host: \(other.host)@\(scim.host)\r\n\(auth)", [400, 404]),
            ("Host with a comma", "Host: \(scim.host),\(other.host)\r\n\(auth)", [400, 404]),
            ("Host with a space", "Host: \(scim.host) \(other.host)\r\n\(auth)", [400, 404]),
            ("no Host", auth, [400]),
        ]
        for (name, headers, statuses) in cases {
            let responses = try exchange(Array("GET /api/scim/v2/Users HTTP/1.1\r\n\(headers)\r\n".utf8))
            #expect(responses.count == 1, "\(name)")
            guard let response = responses.first else { continue }
            #expect(statuses.contains(response.status), "\(name): \(response.status)")
            #expect(response.object["Resources"] == nil, "\(name) returned data")
            #expect(response.object["status"] as? String == String(response.status), "\(name)")
        }
        try expectStillServing()
    }
}

extension HostileInputTests {
    /// Found by roster-fuzz (seed 2026, case 17608): a Group `displayName` over 512 characters broke a CHECK
    /// constraint, and an `externalId` or `emails.value` over ~2.7 KB an index entry: both were a 500. Now the
    /// validator refuses them (400 invalidValue) on POST, PUT, PATCH and in Bulk, and stores shorter ones.
    @Test func refusesStringsTooLongForTheDatabaseWith400() throws {
        defer { server.stop() }
        let groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group"
        let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
        func random(_ length: Int) -> String {
            String((0..<length).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement() ?? "a" })
        }
        let userID = try #require(try scim.createUser(uniqueName("long"))["id"] as? String)
        let groupBody = #"{"schemas":["\#(groupSchema)"],"displayName":"Long names"}"#
        let groupID = try #require(try scim.send("POST", "/Groups", groupBody).object["id"] as? String)
        for length in [512, 513, 1_024, 1_025, 3_300] {
            let name = String(repeating: "a", count: length - 3) + random(3)
            let renamed = String(repeating: "r", count: length - 3) + random(3)
            let nameFits = length <= 512
            let fits = length <= 1_024
            let text = random(length)
            let attempts: [(String, String, String, Bool)] = [
                ("POST", "/Groups", #"{"schemas":["\#(groupSchema)"],"displayName":"\#(name)"}"#, nameFits),
                (
                    "POST", "/Groups",
                    #"{"schemas":["\#(groupSchema)"],"displayName":"x\#(length)","externalId":"\#(text)"}"#, fits
                ),
                (
                    "PATCH", "/Groups/\(groupID)",
                    #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"replace","path":"displayName","value":"\#(renamed)"}]}"#,
                    nameFits
                ),
                (
                    "PATCH", "/Users/\(userID)",
                    #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"replace","path":"userName","value":"\#(name)"}]}"#,
                    nameFits
                ),
                (
                    "POST", "/Users",
                    JSONValueText(dictionaryLiteral: ("userName", "e\(length)@x.test"), ("externalId", text)).text, fits
                ),
                (
                    "POST", "/Users",
                    #"{"schemas":["\#(Self.userSchema)"],"userName":"m\#(length)@x.test","emails":[{"value":"\#(text)"}]}"#,
                    fits
                ),
                (
                    "PATCH", "/Users/\(userID)",
                    #"{"schemas":["\#(patchSchema)"],"Operations":[{"op":"replace","path":"externalId","value":"\#(text)"}]}"#,
                    fits
                ),
                (
                    "PUT", "/Users/\(userID)",
                    #"{"schemas":["\#(Self.userSchema)"],"userName":"p\#(length)@x.test","emails":[{"value":"\#(text)"}]}"#,
                    fits
                ),
            ]
            for (method, path, body, accepted) in attempts {
                let response = try scim.send(method, path, body)
                let note = "\(method) \(path.prefix(7)) with \(length) bytes"
                if accepted {
                    #expect(
                        (200...201).contains(response.status),
                        "\(note): \(response.status) \(response.text.prefix(200))")
                } else {
                    expectSCIMError(response, 400, note)
                    #expect(response.object["scimType"] as? String == "invalidValue", "\(note)")
                }
            }
        }
        let bulk =
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","path":"/Groups","bulkId":"g","data":{"schemas":["\#(groupSchema)"],"displayName":"\#(String(repeating: "b", count: 600))"}}]}"#
        let response = try scim.send("POST", "/Bulk", bulk)
        let operations = response.object["Operations"] as? [[String: Any]] ?? []
        #expect(operations.first?["status"] as? String == "400", "\(response.text.prefix(300))")
        #expect(!server.logLines.all.contains { $0.contains("\"status\":500") })
        try expectStillServing()
    }
}
