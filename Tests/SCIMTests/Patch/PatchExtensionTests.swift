import Testing

@testable import SCIM

@Suite struct PatchExtensionTests {
    let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test func setsEnterpriseAttributesThroughURNPaths() throws {
        let result = try patch([["op": "replace", "path": "\(enterprise):department", "value": "Tour Operations"]])
        #expect(result.resource[enterprise] == ["department": "Tour Operations"])
        #expect(result.resource["schemas"]?.arrayValue?.contains(.string(enterprise)) == true)
    }

    @Test func readsEntrasBareManagerString() throws {
        let result = try patch([["op": "Add", "path": "\(enterprise):manager", "value": "271"]])
        #expect(result.resource[enterprise] == ["manager": ["value": "271"]])
        #expect(
            result.rewrites.contains("operation 1: string for complex '\(enterprise):manager' read as {\"value\": …}"))
    }

    @Test func unwrapsEntrasOneElementManagerArray() throws {
        let result = try patch([["op": "Add", "path": "manager", "value": [["$ref": nil, "value": "42"]]]])
        #expect(result.resource[enterprise] == ["manager": ["value": "42"]])
    }

    @Test func setsManagerValueSubAttribute() throws {
        let result = try patch([["op": "replace", "path": "\(enterprise):manager.value", "value": "7"]])
        #expect(result.resource[enterprise]?["manager"]?["value"] == "7")
    }

    @Test func appliesAWholeExtensionObject() throws {
        let result = try patch([
            ["op": "add", "path": .string(enterprise), "value": ["employeeNumber": "1", "costCenter": "4130"]]
        ])
        #expect(result.resource[enterprise] == ["employeeNumber": "1", "costCenter": "4130"])
        let pathless = try patch([["op": "add", "value": [enterprise: ["division": "West"]]]])
        #expect(pathless.resource[enterprise] == ["division": "West"])
    }

    @Test func removesAWholeExtensionAndItsSchema() throws {
        var user = sampleUser
        user[enterprise] = ["department": "x"]
        user["schemas"] = ["urn:ietf:params:scim:schemas:core:2.0:User", .string(enterprise)]
        let result = try patch([["op": "remove", "path": .string(enterprise)]], to: user)
        #expect(result.resource[enterprise] == nil)
        #expect(result.resource["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:User"])
        let lastAttribute = try patch([["op": "remove", "path": "\(enterprise):department"]], to: user)
        #expect(lastAttribute.resource[enterprise] == nil)
    }

    @Test func setsOktaMetadataAttributes() throws {
        let result = try patch([["op": "add", "path": "metadata.costCode", "value": "CC-7"]])
        #expect(result.resource["metadata"] == ["costCode": "CC-7"])
        #expect(
            result.resource["schemas"]?.arrayValue?.contains("urn:ietf:params:scim:schemas:extension:roster:2.0:User")
                == true)
        let merged = try patch(
            [["op": "replace", "value": ["metadata": ["level": 3, "remote": true]]]], to: result.resource)
        #expect(merged.resource["metadata"] == ["costCode": "CC-7", "level": 3, "remote": true])
        let removed = try patch([["op": "remove", "path": "metadata.costCode"]], to: result.resource)
        #expect(removed.resource["metadata"] == nil)
    }

    @Test func rejectsNonScalarMetadataValues() {
        #expect(
            patchError([["op": "add", "path": "metadata.tags", "value": ["a"]]])?.detail
                == "operation 1: 'metadata.tags' needs a string, number or boolean, not array")
        #expect(patchError([["op": "add", "value": ["metadata": ["x": ["y": 1]]]]])?.scimType == .invalidValue)
    }

    @Test func ignoresSchemasInPathlessValues() throws {
        let result = try patch([["op": "replace", "value": ["schemas": ["x"], "title": "T"]]])
        #expect(result.resource["title"] == "T")
        #expect(result.resource["schemas"] == sampleUser["schemas"])
    }

    @Test func patchesGroupDisplayNames() throws {
        let group: JSONObject = [
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": "g1", "displayName": "Admins",
        ]
        let result = try patch(
            [["op": "replace", "value": ["id": "g1", "displayName": "Admins"]]], to: group, type: .group)
        #expect(!result.changed)
        let renamed = try patch([["op": "replace", "path": "displayName", "value": "Ops"]], to: group, type: .group)
        #expect(renamed.resource["displayName"] == "Ops")
    }
}

@Suite struct PatchSchemaContainerTests {
    @Test func acceptsCoreAttributesNestedUnderTheCoreURN() throws {
        let result = try patch([
            ["op": "replace", "value": ["urn:ietf:params:scim:schemas:core:2.0:User": ["nickName": "B"]]]
        ])
        #expect(result.resource["nickName"] == "B")
        #expect(result.resource["urn:ietf:params:scim:schemas:core:2.0:User"] == nil)
    }

    @Test func rejectsNonObjectSchemaContainers() {
        #expect(
            patchError([["op": "add", "value": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "x"]]])?
                .detail
                == "operation 1: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User' needs an object of attributes, not string"
        )
    }
}
