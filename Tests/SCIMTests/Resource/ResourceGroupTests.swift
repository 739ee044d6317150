import Testing

@testable import SCIM

@Suite struct ResourceGroupTests {
    @Test func acceptsOktasGroupCreate() throws {
        let group = try ResourceDocument.validate(
            ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Test SCIMv2", "members": []],
            as: .group)
        #expect(group.displayName == "Test SCIMv2")
        #expect(group.members == [])
        #expect(group.attributes == ["displayName": "Test SCIMv2"])
        #expect(group.schemas == ["urn:ietf:params:scim:schemas:core:2.0:Group"])
    }

    @Test func acceptsEntrasGroupCreateWithItsExtraSchema() throws {
        let group = try ResourceDocument.validate(
            [
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
                ],
                "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "displayName",
                "meta": ["resourceType": "Group"],
            ], as: .group)
        #expect(
            group.attributes == ["externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", "displayName": "displayName"])
        #expect(group.members == nil)
        #expect(
            group.rewrites == [
                "Entra ID's schema 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group' ignored"
            ])
        #expect(
            validationError(
                userBody([
                    "schemas": [
                        "urn:ietf:params:scim:schemas:core:2.0:User",
                        "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group",
                    ]
                ])) != nil)
    }

    @Test func returnsMembersApartFromTheAttributes() throws {
        let group = try ResourceDocument.validate(
            body(
                .group,
                [
                    "displayName": "Engineering",
                    "members": [
                        ["value": "u1", "display": "test.user@okta.local"],
                        ["value": "g2", "type": "group", "$ref": nil],
                        ["value": "u1", "type": "User"], ["$ref": "https://x/Users/u3", "value": "u3", "type": "User"],
                    ],
                ]), as: .group)
        #expect(group.attributes == ["displayName": "Engineering"])
        #expect(
            group.members == [
                MemberReference(value: "u1", display: "test.user@okta.local"),
                MemberReference(value: "g2", type: .group),
                MemberReference(value: "u3", type: .user),
            ])
        #expect(group.userName == nil)
    }

    @Test func requiresADisplayName() {
        for members: JSONObject in [[:], ["displayName": ""], ["displayName": " "], ["displayName": nil]] {
            let error = validationError(body(.group, members), as: .group)
            #expect(error?.scimType == .invalidValue)
            #expect(error?.detail == "displayName is required")
        }
    }

    @Test func refusesMalformedMembers() {
        func error(_ members: JSONValue) -> SCIMError? {
            validationError(body(.group, ["displayName": "G", "members": members]), as: .group)
        }
        #expect(error(["u1"])?.detail == "'members' needs objects, not string")
        #expect(error(["value": "u1"])?.detail == "'members' needs an array of objects, not object")
        #expect(error([["display": "x"]])?.detail == "each of 'members' needs a 'value', the member's id")
        #expect(error([["value": 7]])?.detail == "'members.value' needs a string, not number")
        #expect(
            error([["value": "u1", "type": "Robot"]])?.detail
                == "'members.type' must be \"User\" or \"Group\", not \"Robot\"")
        #expect(error([["value": "u1", "primary": true]])?.scimType == .invalidSyntax)
    }

    @Test func refusesUserAttributesOnAGroup() {
        #expect(
            validationError(body(.group, ["displayName": "G", "userName": "x"]), as: .group)?.detail
                == "unknown attribute 'userName' for Group")
    }
}
