import Testing

@testable import SCIM

private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
private let roster = "urn:ietf:params:scim:schemas:extension:roster:2.0:User"

@Suite struct ResourceExtensionTests {
    @Test func keepsEnterpriseAttributesUnderTheirURN() throws {
        let user = try ResourceDocument.validate(
            .object([
                "schemas": [.string(SchemaURN.user), .string(enterprise)], "userName": "bjensen",
                "URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER": [
                    "Department": "Tour Operations", "employeeNumber": "701984",
                    "manager": ["value": "26118915-6090-4610-87e4-49d8ca9f808d", "displayName": "John Smith"],
                ],
            ]))
        #expect(
            user.attributes[enterprise]
                == [
                    "department": "Tour Operations", "employeeNumber": "701984",
                    "manager": ["value": "26118915-6090-4610-87e4-49d8ca9f808d"],
                ])
        #expect(user.attributes.keys == ["userName", enterprise])
        #expect(user.schemas == [SchemaURN.user, enterprise])
        #expect(user.rewrites.isEmpty)
    }

    @Test func readsTheManagerAsABareIdWithARewrite() throws {
        let user = try ResourceDocument.validate(
            .object([
                "schemas": [.string(SchemaURN.user), .string(enterprise)], "userName": "bjensen",
                enterprise: ["manager": "271"],
            ]))
        #expect(user.attributes[enterprise]?["manager"] == ["value": "271"])
        #expect(user.rewrites == ["string for complex '\(enterprise):manager' read as {\"value\": …}"])
    }

    @Test func acceptsTheManagerAsAnObject() throws {
        let user = try ResourceDocument.validate(
            userBody([enterprise: ["manager": ["value": "271", "$ref": "../Users/271"]]]))
        #expect(user.attributes[enterprise]?["manager"] == ["value": "271", "$ref": "../Users/271"])
        #expect(validationError(userBody([enterprise: ["manager": 271]]))?.scimType == .invalidValue)
    }

    @Test func readsURNQualifiedAndTopLevelExtensionKeysWithRewrites() throws {
        let user = try ResourceDocument.validate(
            userBody([
                "\(enterprise):department": "Sales", "employeeNumber": "42", "name.givenName": "Barbara",
            ]))
        #expect(user.attributes[enterprise] == ["department": "Sales", "employeeNumber": "42"])
        #expect(user.attributes["name"] == ["givenName": "Barbara"])
        #expect(user.schemas == [SchemaURN.user, enterprise])
        #expect(
            user.rewrites == [
                "URN-qualified key '\(enterprise):department' read as 'department' of '\(enterprise)'",
                "top-level 'employeeNumber' read as 'employeeNumber' of '\(enterprise)'",
                "dotted key 'name.givenName' read as 'name.givenName'",
                "'schemas' did not list '\(enterprise)'; added",
            ])
    }

    @Test func mergesTheSameAttributeGivenTwiceAndRefusesConflicts() throws {
        let merged = try ResourceDocument.validate(
            userBody([
                "name": ["givenName": "Barbara"], "name.familyName": "Jensen", "department": "Sales",
                enterprise: ["department": "Sales"],
            ]))
        #expect(merged.attributes["name"] == ["givenName": "Barbara", "familyName": "Jensen"])
        #expect(merged.attributes[enterprise] == ["department": "Sales"])
        let conflict = validationError(userBody(["department": "Sales", enterprise: ["department": "Ops"]]))
        #expect(conflict?.scimType == .invalidSyntax)
        #expect(conflict?.detail == "'\(enterprise):department' is given more than once with different values")
    }

    @Test func refusesDottedKeysIntoMultiValuedAttributes() {
        let error = validationError(userBody(["emails.value": "b@example.com"]))
        #expect(error?.scimType == .invalidSyntax)
        #expect(
            error?.detail
                == "'emails.value' sets a sub-attribute of multi-valued 'emails'; send 'emails' as an array of objects")
    }

    @Test func ignoresTheReadOnlyManagerDisplayName() throws {
        let user = try ResourceDocument.validate(userBody(["\(enterprise):manager.displayName": "John"]))
        #expect(user.attributes == ["userName": "bjensen"])
    }

    @Test func acceptsMetadataUnderTheRosterURNToo() throws {
        let user = try ResourceDocument.validate(
            .object([
                "schemas": [.string(SchemaURN.user), .string(roster)], "userName": "bjensen",
                roster: ["metadata": ["CostCode": "CC-1"]],
            ]))
        #expect(user.attributes["metadata"] == ["CostCode": "CC-1"])
        #expect(user.attributes["metadata"]?.objectValue?.keys == ["CostCode"])
        #expect(user.schemas == [SchemaURN.user, roster])
        #expect(user.rewrites.isEmpty)
    }

    @Test func refusesNestedOrOversizedMetadata() {
        #expect(
            validationError(userBody(["metadata": ["team": ["a": 1]]]))?.detail
                == "'metadata.team' needs a string, number or boolean, not object")
        #expect(validationError(userBody(["metadata": "x"]))?.detail == "'metadata' needs an object, not string")
        let manyKeys = JSONObject((0..<101).map { ("key\($0)", JSONValue.number(JSONNumber($0))) })
        #expect(
            validationError(userBody(["metadata": .object(manyKeys)]))?.detail
                == "'metadata' has 101 custom attributes; at most 100 are allowed")
        let longKey = String(repeating: "k", count: 129)
        #expect(validationError(userBody(["metadata": [longKey: "x"]]))?.scimType == .invalidValue)
        let longValue = String(repeating: "v", count: 4097)
        #expect(
            validationError(userBody(["metadata": ["note": .string(longValue)]]))?.detail
                == "'metadata.note' is longer than 4096 bytes")
    }

    @Test func boundsStringLengths() {
        let long = JSONValue.string(String(repeating: "x", count: 4097))
        #expect(validationError(userBody(["displayName": long]))?.detail == "'displayName' is longer than 4096 bytes")
        #expect(validationError(userBody(["name": ["givenName": long]]))?.scimType == .invalidValue)
        let userName = JSONValue.string(String(repeating: "u", count: 513))
        #expect(validationError(body(.user, ["userName": userName]))?.detail == "userName is longer than 512 bytes")
        let tooMany = JSONValue.array((0..<101).map { .object(["value": .string("\($0)@example.com")]) })
        #expect(
            validationError(userBody(["emails": tooMany]))?.detail == "'emails' has 101 values; at most 100 are allowed"
        )
    }
}
