import Foundation
import Postgres
import TestSupport

/// A tenant on a test server with a client authorized for it, plus JSON helpers for User tests.
struct SCIMSession {
    let server: TestServer
    let slug: String
    let host: String
    let secret: String
    let client: TestHTTPClient

    init(server: TestServer) throws {
        self.server = server
        let org = try server.makeOrganization()
        slug = org.slug
        host = org.host
        // Safe: makeOrganization creates a token by default.
        secret = org.secret!
        client = try server.client()
    }

    var schema: SQLIdentifier {
        // Safe: slugs map to valid schema names.
        SQLIdentifier("org_" + slug.replacingOccurrences(of: "-", with: "_"))!
    }

    func send(
        _ method: String, _ path: String, _ body: String? = nil, headers: [(String, String)] = []
    ) throws -> TestHTTPClient.Response {
        var all = [("Authorization", "Bearer \(secret)")]
        if body != nil { all.append(("Content-Type", "application/scim+json")) }
        return try client.request(method, "/api/scim/v2" + path, host: host, headers: all + headers, body: body)
    }

    /// Creates a user and returns its JSON.
    func createUser(_ userName: String, extra: String = "") throws -> [String: Any] {
        let body = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\(userName)",
             "name":{"givenName":"Given","familyName":"Family"},
             "emails":[{"value":"\(userName)","type":"work","primary":true}],"active":true\(extra)}
            """
        let response = try send("POST", "/Users", body)
        guard response.status == 201 else {
            throw TestHTTPClient.Failure(description: "create \(userName): \(response.status) \(response.text)")
        }
        return response.object
    }

    func count(_ sql: Query) throws -> Int {
        try server.connection.query(sql)[0].decode(at: 0)
    }
}

func uniqueName(_ prefix: String = "user") -> String {
    "\(prefix).\(UUID().uuidString.prefix(8).lowercased())@example.com"
}
