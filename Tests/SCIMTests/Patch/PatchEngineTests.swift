import Testing

@testable import SCIM

@Suite struct PatchEngineTests {
    @Test func replacesASingleValuedAttribute() throws {
        let result = try patch([["op": "replace", "path": "displayName", "value": "Barbara J."]])
        #expect(result.resource["displayName"] == "Barbara J.")
        #expect(result.changed)
        #expect(result.rewrites.isEmpty)
    }

    @Test func addsAMissingSingleValuedAttribute() throws {
        let result = try patch([["op": "add", "path": "nickName", "value": "Babs"]])
        #expect(result.resource["nickName"] == "Babs")
    }

    @Test func replaceOfAMissingAttributeAdds() throws {
        #expect(
            try patch([["op": "replace", "path": "title", "value": "Tour Guide"]]).resource["title"] == "Tour Guide")
    }

    @Test func reportsUnchangedWhenValueIsTheSame() throws {
        let result = try patch([["op": "replace", "path": "displayName", "value": "Babs Jensen"]])
        #expect(!result.changed)
        #expect(result.resource == sampleUser)
    }

    @Test func writesCanonicalAttributeNames() throws {
        let result = try patch([
            ["op": "replace", "path": "NAME.GIVENNAME", "value": "B"], ["op": "add", "path": "NickName", "value": "x"],
        ])
        #expect(result.resource["name"]?.objectValue?.keys == ["givenName", "familyName"])
        #expect(result.resource.keys.contains("nickName"))
    }

    @Test func deactivatesWithOktasPathlessReplace() throws {
        let result = try patch([["op": "replace", "value": ["active": false]]])
        #expect(result.resource["active"] == false)
        #expect(result.changed)
    }

    @Test func readsEntraBooleanStrings() throws {
        let result = try patch([["op": "Replace", "path": "active", "value": "False"]])
        #expect(result.resource["active"] == false)
        #expect(
            result.rewrites == [
                "operation 1: op 'Replace' read as 'replace'",
                "operation 1: string 'False' for boolean 'active' read as false",
            ])
        #expect(
            try patch([["op": "Add", "path": "active", "value": "True"]], to: ["active": false]).resource["active"]
                == true)
    }

    @Test func rejectsNumbersAndOtherStringsForBooleans() {
        let number = patchError([["op": "replace", "path": "active", "value": 1]])
        #expect(number?.scimType == .invalidValue)
        #expect(number?.detail == "operation 1: 'active' needs a boolean, not number")
        #expect(
            patchError([["op": "replace", "value": ["active": "yes"]]])?.detail
                == #"operation 1: 'active' needs a boolean, not string "yes""#)
        #expect(patchError([["op": "replace", "path": "userName", "value": true]])?.scimType == .invalidValue)
        #expect(patchError([["op": "replace", "path": "name", "value": 3]])?.scimType == .invalidValue)
    }

    @Test func appliesEntraPathlessReplaceWithDottedAndURNKeys() throws {
        let result = try patch([
            [
                "op": "replace",
                "value": [
                    "displayName": "Barbara", "name.givenName": "Barb", "name.familyName": "Jensen-Smith",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "701984",
                ],
            ]
        ])
        #expect(result.resource["displayName"] == "Barbara")
        #expect(result.resource["name"] == ["givenName": "Barb", "familyName": "Jensen-Smith"])
        #expect(
            result.resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] == [
                "employeeNumber": "701984"
            ])
        #expect(
            result.resource["schemas"] == [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
            ])
    }

    @Test func mergesComplexValuesOnReplace() throws {
        let result = try patch([["op": "replace", "value": ["name": ["givenName": "B"]]]])
        #expect(result.resource["name"] == ["givenName": "B", "familyName": "Jensen"])
        let withPath = try patch([["op": "replace", "path": "name", "value": ["middleName": "J"]]])
        #expect(withPath.resource["name"] == ["givenName": "Barbara", "familyName": "Jensen", "middleName": "J"])
    }

    @Test func setsSubAttributesCreatingTheParent() throws {
        let result = try patch([["op": "add", "path": "name.givenName", "value": "B"]], to: ["userName": "x"])
        #expect(result.resource["name"] == ["givenName": "B"])
    }

    @Test func removesSubAttributesAndEmptyParents() throws {
        let once = try patch([["op": "remove", "path": "name.givenName"]])
        #expect(once.resource["name"] == ["familyName": "Jensen"])
        let twice = try patch([
            ["op": "remove", "path": "name.givenName"], ["op": "remove", "path": "name.familyName"],
        ])
        #expect(twice.resource["name"] == nil)
    }

    @Test func removesAttributes() throws {
        let result = try patch([["op": "remove", "path": "displayName"]])
        #expect(result.resource["displayName"] == nil)
        #expect(result.changed)
        #expect(try !patch([["op": "remove", "path": "nickName"]]).changed)
    }

    @Test func rejectsRemoveWithoutPath() {
        let error = patchError([["op": "remove", "value": ["displayName": "x"]]])
        #expect(error?.scimType == .noTarget)
        #expect(error?.detail == "operation 1: 'remove' needs a path")
    }

    @Test func rejectsRemovingRequiredAttributes() {
        #expect(
            patchError([["op": "remove", "path": "userName"]])?.detail
                == "operation 1: 'userName' is required and cannot be removed")
        #expect(patchError([["op": "replace", "path": "userName", "value": ""]])?.scimType == .invalidValue)
        #expect(patchError([["op": "replace", "value": ["userName": nil]]])?.scimType == .invalidValue)
    }

    @Test func rejectsUnknownPathsInsteadOfIgnoringThem() {
        #expect(
            patchError([["op": "replace", "path": "favoriteColor", "value": "x"]])?.detail
                == "operation 1: unknown attribute 'favoriteColor'")
        #expect(patchError([["op": "replace", "path": "name.nope", "value": "x"]])?.scimType == .invalidPath)
        #expect(
            patchError([["op": "replace", "value": ["nope": 1]]])?.detail == "operation 1: unknown attribute 'nope'")
        #expect(
            patchError([["op": "replace", "value": ["a b": 1]]])?.detail
                == "operation 1: 'a b' is not an attribute path")
        #expect(
            patchError([["op": "add", "path": "emails", "value": [["value": "x", "kind": "work"]]]])?.scimType
                == .invalidPath)
        #expect(
            patchError([["op": "add", "path": "urn:example:ext:2.0:User:x", "value": "x"]])?.scimType == .invalidPath)
    }

    @Test func rejectsChangesToReadOnlyAttributes() {
        #expect(
            patchError([["op": "replace", "path": "id", "value": "other"]])?.detail == "operation 1: 'id' is read-only")
        #expect(patchError([["op": "add", "path": "groups", "value": [["value": "g2"]]]])?.scimType == .mutability)
        #expect(patchError([["op": "remove", "path": "groups"]])?.scimType == .mutability)
        #expect(
            patchError([["op": "replace", "path": "meta.created", "value": "2024-01-01T00:00:00Z"]])?.scimType
                == .mutability)
        #expect(
            patchError([
                [
                    "op": "add",
                    "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName",
                    "value": "x",
                ]
            ])?
            .scimType == .mutability)
    }

    @Test func acceptsReadOnlyValuesResentUnchanged() throws {
        // Okta re-sends the id inside path-less values.
        let result = try patch([["op": "replace", "value": ["id": "2819c223", "displayName": "Babs"]]])
        #expect(result.resource["displayName"] == "Babs")
        #expect(result.resource["id"] == "2819c223")
    }

    @Test func writesPasswordsAsWriteOnlyAttributes() throws {
        #expect(
            try patch([["op": "replace", "path": "password", "value": "t1meMa$heen"]]).resource["password"]
                == "t1meMa$heen")
    }

    @Test func isAtomicWhenALaterOperationFails() {
        let original = sampleUser
        #expect(
            patchError([
                ["op": "replace", "path": "displayName", "value": "changed"],
                ["op": "replace", "path": "nope", "value": 1],
            ])?
            .detail == "operation 2: unknown attribute 'nope'")
        #expect(original == sampleUser)
    }

    @Test func readsNullAsRemove() throws {
        let result = try patch([["op": "replace", "path": "displayName", "value": nil]])
        #expect(result.resource["displayName"] == nil)
        #expect(result.rewrites == ["operation 1: null for 'displayName' read as remove"])
    }
}

@Suite struct PatchReadOnlyTests {
    @Test func acceptsUnchangedReadOnlyValuesWithReadOnlySubAttributes() throws {
        let result = try patch([
            [
                "op": "replace",
                "value": [
                    "meta": ["resourceType": "User"], "groups": [["value": "g1", "display": "Admins"]], "active": false,
                ],
            ]
        ])
        #expect(result.resource["active"] == false)
        #expect(result.resource["groups"] == sampleUser["groups"])
    }

    @Test func rejectsChangedReadOnlyValues() {
        #expect(
            patchError([["op": "replace", "value": ["meta": ["resourceType": "Group"]]]])?.detail
                == "operation 1: 'meta' is read-only")
        #expect(patchError([["op": "replace", "value": ["groups": [["value": "g2"]]]]])?.scimType == .mutability)
        #expect(patchError([["op": "remove", "path": "groups.display"]])?.scimType == .mutability)
        #expect(patchError([["op": "replace", "path": "groups.display", "value": "x"]])?.scimType == .mutability)
    }

    @Test func ignoresRemovalOfAbsentReadOnlyValues() throws {
        #expect(try !patch([["op": "remove", "path": "meta.version"]]).changed)
    }
}
