import Testing

@testable import SCIM

@Suite struct DiscoveryTests {
    let baseURL = "https://acme.example.com/api/scim/v2/"

    @Test func advertisesServiceProviderConfig() {
        let options = ServiceProviderOptions(
            baseURL: baseURL, bulkSupported: true, bulkMaxOperations: 100, bulkMaxPayloadSize: 1_048_576,
            filterMaxResults: 500, sortSupported: true)
        let config = Discovery.serviceProviderConfig(options: options)
        #expect(config["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
        #expect(config["patch"] == ["supported": true])
        #expect(config["bulk"] == ["supported": true, "maxOperations": 100, "maxPayloadSize": 1_048_576])
        #expect(config["filter"] == ["supported": true, "maxResults": 500])
        #expect(config["changePassword"] == ["supported": false])
        #expect(config["sort"] == ["supported": true])
        #expect(config["etag"] == ["supported": true])
        #expect(config["authenticationSchemes"]?.arrayValue?.first?["type"] == "oauthbearertoken")
        #expect(config["authenticationSchemes"]?.arrayValue?.first?["primary"] == true)
        #expect(config["meta"]?["resourceType"] == "ServiceProviderConfig")
        #expect(config["meta"]?["location"] == "https://acme.example.com/api/scim/v2/ServiceProviderConfig")
    }

    @Test func advertisesNoBulkByDefault() {
        let config = Discovery.serviceProviderConfig(options: ServiceProviderOptions(baseURL: baseURL))
        #expect(config["bulk"] == ["supported": false, "maxOperations": 0, "maxPayloadSize": 0])
        #expect(config["sort"] == ["supported": false])
        #expect(config["filter"]?["maxResults"] == 200)
    }

    @Test func listsResourceTypesWithExtensions() throws {
        let list = Discovery.resourceTypes(baseURL: baseURL)
        #expect(list["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        #expect(list["totalResults"] == 2)
        #expect(list["itemsPerPage"] == 2)
        #expect(list["startIndex"] == 1)
        let resources = try #require(list["Resources"]?.arrayValue)
        let user = resources[0]
        #expect(user["id"] == "User")
        #expect(user["endpoint"] == "/Users")
        #expect(user["schema"] == "urn:ietf:params:scim:schemas:core:2.0:User")
        #expect(
            user["schemaExtensions"] == [
                ["schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "required": false],
                ["schema": "urn:ietf:params:scim:schemas:extension:roster:2.0:User", "required": false],
            ])
        #expect(user["meta"]?["location"] == "https://acme.example.com/api/scim/v2/ResourceTypes/User")
        #expect(resources[1]["id"] == "Group")
        #expect(resources[1]["schemaExtensions"] == nil)
        #expect(Discovery.resourceType(id: "group", baseURL: baseURL)?["endpoint"] == "/Groups")
        #expect(Discovery.resourceType(id: "Device", baseURL: baseURL) == nil)
    }

    @Test func listsSchemasWithEveryCharacteristic() throws {
        let list = Discovery.schemas(baseURL: baseURL)
        #expect(list["totalResults"] == 4)
        let schemas = try #require(list["Resources"]?.arrayValue)
        #expect(
            schemas.map { $0["id"] } == [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
                "urn:ietf:params:scim:schemas:extension:roster:2.0:User", "urn:ietf:params:scim:schemas:core:2.0:Group",
            ])
        for schema in schemas {
            #expect(schema["meta"]?["resourceType"] == "Schema")
            for attribute in try #require(schema["attributes"]?.arrayValue) {
                try checkCharacteristics(attribute)
            }
        }
    }

    private func checkCharacteristics(_ attribute: JSONValue) throws {
        for key in ["name", "type", "multiValued", "required", "caseExact", "mutability", "returned", "uniqueness"] {
            #expect(attribute[key] != nil, "\(attribute["name"] ?? nil) lacks \(key)")
        }
        #expect(attribute["description"]?.stringValue?.isEmpty == false)
        #expect(attribute["multiValued"]?.boolValue != nil)
        if attribute["type"] == "complex" {
            for sub in try #require(attribute["subAttributes"]?.arrayValue) { try checkCharacteristics(sub) }
        } else {
            #expect(attribute["subAttributes"] == nil)
        }
        if attribute["type"] == "reference" {
            #expect(attribute["referenceTypes"]?.arrayValue?.isEmpty == false)
        }
    }

    @Test func rendersUserNameDefinition() throws {
        let schema = try #require(Discovery.schema(id: SchemaURN.user, baseURL: baseURL))
        let userName = try #require(schema["attributes"]?.arrayValue?.first { $0["name"] == "userName" })
        #expect(
            String(json: userName)
                == #"{"name":"userName","type":"string","multiValued":false,"description":"Unique identifier for the User, "#
                + #"typically used by the user to directly authenticate to the service provider. Unique case-insensitively. "#
                + #"REQUIRED.","required":true,"caseExact":false,"mutability":"readWrite","returned":"default","uniqueness":"server"}"#
        )
        #expect(
            schema["meta"]?["location"]
                == "https://acme.example.com/api/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        #expect(Discovery.schema(id: "urn:nope", baseURL: baseURL) == nil)
    }

    @Test func rendersListResponsePaging() {
        let page = ListResponse(totalResults: 250, startIndex: 101, resources: [["id": "a"], ["id": "b"]])
        #expect(page.body.objectValue?.keys == ["schemas", "totalResults", "itemsPerPage", "startIndex", "Resources"])
        #expect(page.body["itemsPerPage"] == 2)
        #expect(page.body["startIndex"] == 101)
        #expect(ListResponse(totalResults: 0, resources: []).body["Resources"] == [])
    }
}
