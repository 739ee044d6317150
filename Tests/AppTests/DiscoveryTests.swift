import Foundation
import TestSupport
import Testing

@Suite struct DiscoveryTests {
    let server: TestServer
    let host: String
    let auth: [(String, String)]

    init() throws {
        server = try TestServer()
        let org = try server.makeOrganization()
        host = org.host
        auth = [("Authorization", "Bearer \(org.secret!)")]
    }

    func get(_ path: String, method: String = "GET") throws -> TestHTTPClient.Response {
        try server.client().request(method, path, host: host, headers: auth)
    }

    @Test func describesTheServiceProvider() throws {
        defer { server.stop() }
        let config = try get("/api/scim/v2/ServiceProviderConfig").object
        #expect((config["schemas"] as? [String]) == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
        #expect((config["patch"] as? [String: Any])?["supported"] as? Bool == true)
        #expect((config["etag"] as? [String: Any])?["supported"] as? Bool == true)
        #expect((config["sort"] as? [String: Any])?["supported"] as? Bool == true)
        #expect((config["filter"] as? [String: Any])?["maxResults"] as? Int == 200)
        let schemes = try #require(config["authenticationSchemes"] as? [[String: Any]])
        #expect(schemes.first?["type"] as? String == "oauthbearertoken")
        let meta = try #require(config["meta"] as? [String: Any])
        #expect(meta["location"] as? String == "https://\(host)/api/scim/v2/ServiceProviderConfig")
    }

    @Test func listsResourceTypesWithTheirExtensions() throws {
        defer { server.stop() }
        let list = try get("/api/scim/v2/ResourceTypes").object
        let resources = try #require(list["Resources"] as? [[String: Any]])
        #expect(Set(resources.compactMap { $0["id"] as? String }) == ["User", "Group"])
        #expect(list["totalResults"] as? Int == 2)
        let user = try get("/api/scim/v2/ResourceTypes/User").object
        let extensions = try #require(user["schemaExtensions"] as? [[String: Any]])
        let ids = Set(extensions.compactMap { $0["schema"] as? String })
        #expect(ids.contains("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"))
        #expect(ids.contains("urn:ietf:params:scim:schemas:extension:roster:2.0:User"))
        #expect(try get("/api/scim/v2/ResourceTypes/Nope").status == 404)
    }

    @Test func describesEverySchemaAttributeWithAllCharacteristics() throws {
        defer { server.stop() }
        let list = try get("/api/scim/v2/Schemas").object
        let schemas = try #require(list["Resources"] as? [[String: Any]])
        let ids = Set(schemas.compactMap { $0["id"] as? String })
        #expect(
            ids.isSuperset(of: [
                "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ]))
        var checked = 0
        func check(_ attribute: [String: Any], in path: String) {
            let name = attribute["name"] as? String ?? "?"
            for key in ["type", "multiValued", "required", "caseExact", "mutability", "returned", "uniqueness"] {
                #expect(attribute[key] != nil, "\(path).\(name) lacks \(key)")
            }
            #expect(
                ["string", "boolean", "decimal", "integer", "dateTime", "reference", "complex", "binary"]
                    .contains(attribute["type"] as? String ?? ""), "\(path).\(name)")
            #expect(
                ["readOnly", "readWrite", "immutable", "writeOnly"].contains(attribute["mutability"] as? String ?? ""))
            #expect(["always", "never", "default", "request"].contains(attribute["returned"] as? String ?? ""))
            #expect(["none", "server", "global"].contains(attribute["uniqueness"] as? String ?? ""))
            checked += 1
            for sub in attribute["subAttributes"] as? [[String: Any]] ?? [] { check(sub, in: "\(path).\(name)") }
        }
        for schema in schemas {
            let id = schema["id"] as? String ?? "?"
            for attribute in schema["attributes"] as? [[String: Any]] ?? [] { check(attribute, in: id) }
            #expect(((schema["meta"] as? [String: Any])?["resourceType"] as? String) == "Schema")
        }
        #expect(checked > 80)
        let user = try get("/api/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").object
        let userName = (user["attributes"] as? [[String: Any]])?.first { $0["name"] as? String == "userName" }
        #expect(userName?["uniqueness"] as? String == "server")
        #expect(userName?["caseExact"] as? Bool == false)
        let password = (user["attributes"] as? [[String: Any]])?.first { $0["name"] as? String == "password" }
        #expect(password?["returned"] as? String == "never")
        #expect(try get("/api/scim/v2/Schemas/urn:nope").status == 404)
    }

    @Test func refusesOtherMethodsAndPaths() throws {
        defer { server.stop() }
        for method in ["POST", "PUT", "PATCH", "DELETE"] {
            let response = try get("/api/scim/v2/ServiceProviderConfig", method: method)
            #expect(response.status == 405, "\(method)")
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(response.object["status"] as? String == "405")
        }
        for path in [
            "/api/scim/v2", "/api/scim/v2/", "/api/scim/v2/Nothing", "/api/scim/v2/Schemas/a/b", "/api/scim/v3/Users",
            "/other",
        ] {
            let response = try get(path)
            #expect(response.status == 404, "\(path)")
            #expect(response.object["status"] as? String == "404", "\(path)")
            #expect(response.header("Content-Type") == "application/scim+json")
        }
        let me = try get("/api/scim/v2/Me")
        #expect(me.status == 501)
        let head = try get("/api/scim/v2/ServiceProviderConfig", method: "HEAD")
        #expect(head.status == 200 && head.body.isEmpty)
    }

    @Test func reportsHealthAndReadinessWithoutATenant() throws {
        defer { server.stop() }
        let client = try server.client()
        let health = try client.request("GET", "/healthz", host: "anything.invalid")
        #expect(health.status == 200)
        let ready = try client.request("GET", "/readyz", host: "anything.invalid")
        #expect(ready.status == 200)
        #expect(ready.object["status"] as? String == "ready")
        #expect(try client.request("POST", "/healthz", host: "x").status == 405)
    }
}
