import Foundation
import TestSupport
import Testing

/// Named hostile inputs: each gets a 4xx SCIM answer, never a 5xx, and the server keeps serving.
@Suite struct HostileInputTests {
    static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    static let userSchema = "urn:ietf:params:scim:schemas:core:2.0:User"

    let server: TestServer
    let scim: SCIMSession

    init() throws {
        server = try TestServer()
        scim = try SCIMSession(server: server)
    }

    /// Sends raw body bytes as a SCIM request on a fresh connection (the server may close it).
    func sendBytes(_ method: String, _ path: String, _ body: [UInt8]) throws -> TestHTTPClient.Response {
        let client = try server.client()
        defer { client.close() }
        let head =
            "\(method) /api/scim/v2\(path) HTTP/1.1\r\nHost: \(scim.host)\r\nAuthorization: Bearer \(scim.secret)\r\n"
            + "Content-Type: application/scim+json\r\nContent-Length: \(body.count)\r\n\r\n"
        try client.sendRaw(Array(head.utf8) + body)
        return try client.readResponse()
    }

    /// The server still answers a plain request on a new connection.
    func expectStillServing() throws {
        let client = try server.client()
        defer { client.close() }
        let response = try client.request(
            "GET", "/api/scim/v2/Users?count=1", host: scim.host, headers: [("Authorization", "Bearer \(scim.secret)")])
        #expect(response.status == 200)
    }

    @Test func rejectsJSONNestedAHundredThousandDeep() throws {
        defer { server.stop() }
        for (open, close) in [("[", "]"), (#"{"a":"#, "}")] {
            let body = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            let response = try sendBytes("POST", "/Users", Array(body.utf8))
            #expect(response.status == 400 || response.status == 413, "\(response.status) \(response.text.prefix(200))")
            try expectStillServing()
        }
    }

    @Test func rejectsAPatchWithAHundredThousandOperations() throws {
        server.stop()
        // A body limit above the 4.4 MB document, so the JSON and PATCH limits are what refuse it.
        let server = try TestServer(environment: ["ROSTER_HTTP_MAX_BODY_BYTES": "16777216"])
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        let id = try #require(try scim.createUser(uniqueName("patched"))["id"] as? String)
        let operation = #"{"op":"replace","path":"title","value":"x"}"#
        // 100,000 operations (past the 1 MiB document limit) and 1,001 (past the 1,000-operation limit).
        for count in [100_000, 1_001] {
            let operations = Array(repeating: operation, count: count).joined(separator: ",")
            let body = #"{"schemas":["\#(Self.patchSchema)"],"Operations":[\#(operations)]}"#
            let response = try scim.send("PATCH", "/Users/\(id)", body)
            #expect(response.status == 400 || response.status == 413, "\(count): \(response.status)")
            #expect(response.object["scimType"] as? String == "invalidSyntax", "\(count): \(response.text.prefix(200))")
        }
        let user = try scim.send("GET", "/Users/\(id)")
        #expect(user.status == 200)
        #expect(user.object["title"] == nil)
    }

    @Test func rejectsNULBytesAndInvalidUTF8InABody() throws {
        defer { server.stop() }
        let prefix = Array(#"{"schemas":["\#(Self.userSchema)"],"userName":""#.utf8)
        let suffix = Array(#"@example.com"}"#.utf8)
        let payloads: [[UInt8]] = [
            [0x61, 0x00, 0x62],  // a raw NUL
            Array(#"a\u0000b"#.utf8),  // an escaped NUL
            [0x61, 0xFF, 0x62],  // never valid
            [0x61, 0xC3, 0x28],  // a broken two-byte sequence
            [0x61, 0xC0, 0xAF],  // overlong "/"
            [0x61, 0xED, 0xA0, 0x80],  // a surrogate encoded in UTF-8
            Array(#"a\ud800b"#.utf8),  // a lone surrogate escape
        ]
        for payload in payloads {
            let response = try sendBytes("POST", "/Users", prefix + payload + suffix)
            #expect(response.status == 400, "\(payload): \(response.status) \(response.text.prefix(200))")
        }
        let stored = try scim.count("SELECT count(*)::int FROM \(ident: scim.schema).users")
        #expect(stored == 0)
        try expectStillServing()
    }

    @Test func answersPathTricksInResourceIDsWith404() throws {
        defer { server.stop() }
        let id = try #require(try scim.createUser(uniqueName("pathed"))["id"] as? String)
        let paths = [
            "/Users/../Users/\(id)", "/Users/..%2FUsers%2F\(id)", "/Users/%2E%2E/Users/\(id)", "/Users/\(id)%2F",
            "/Users/\(id)%00", "/Users/x%2F..%2F\(id)", "/Groups/..%2FUsers%2F\(id)", "/Users/%252E%252E",
        ]
        for path in paths {
            for method in ["GET", "DELETE"] {
                let response = try scim.send(method, path)
                #expect(response.status == 404, "\(method) \(path): \(response.status)")
            }
        }
        #expect(try scim.send("GET", "/Users/\(id)").status == 200)
    }

    @Test func capsAbsurdPagingParameters() throws {
        defer { server.stop() }
        _ = try scim.seedUsers(3)
        let response = try scim.send("GET", "/Users?startIndex=-1&count=999999999")
        #expect(response.status == 200, "\(response.text.prefix(200))")
        #expect(response.object["startIndex"] as? Int == 1)
        #expect(response.object["totalResults"] as? Int == 3)
        let itemsPerPage = try #require(response.object["itemsPerPage"] as? Int)
        #expect(itemsPerPage <= 200)
        // RFC 7644 §3.4.2.4: a count or startIndex below its minimum is read as the minimum; a value that
        // is not an integer (or overflows one) is a 400 invalidValue.
        let expected = ["startIndex=99999999999999999999": 400, "count=-5": 200, "count=abc": 400, "startIndex=0": 200]
        for (query, status) in expected {
            let other = try scim.send("GET", "/Users?\(query)")
            #expect(other.status == status, "\(query): \(other.status) \(other.text.prefix(200))")
        }
    }
}
