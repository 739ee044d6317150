import Foundation
import Testing

@testable import SCIM

@Suite struct ResourceRenderTests {
    @Test func rendersInAFixedOrderWithMeta() throws {
        let user = try ResourceDocument.validate(entraCreateBody)
        let rendered = ResourceDocument.renderUser(id: "2819c223", attributes: user.attributes, meta: sampleMeta)
        #expect(rendered.keys == ["schemas", "id", "externalId", "userName", "name", "active", "emails", "meta"])
        #expect(rendered["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:User"])
        #expect(
            rendered["meta"]
                == [
                    "resourceType": "User", "created": "2026-12-04T20:15:00.123Z",
                    "lastModified": "2026-12-04T20:16:00.000Z",
                    "location": "https://acme.example.com/api/scim/v2/Users/2819c223", "version": "W/\"3\"",
                ])
        #expect(
            rendered["meta"]?.objectValue?.keys == ["resourceType", "created", "lastModified", "location", "version"])
    }

    @Test func neverRendersThePassword() throws {
        let user = try ResourceDocument.validate(oktaCreateBody)
        var attributes = user.attributes
        attributes["password"] = "1mz050nq"  // even if a store kept it by mistake
        let rendered = ResourceDocument.renderUser(id: "u1", attributes: attributes, meta: sampleMeta)
        #expect(rendered["password"] == nil)
        #expect(!String(json: .object(rendered)).contains("1mz050nq"))
    }

    @Test func roundTripsOktaMetadataAtTheTopLevel() throws {
        let user = try ResourceDocument.validate(oktaCreateBody)
        let rendered = ResourceDocument.renderUser(id: "u1", attributes: user.attributes, meta: sampleMeta)
        #expect(rendered["metadata"] == ["costCode": "CC-42", "seatCount": 3, "isContractor": false])
        #expect(rendered["metadata"]?.objectValue?.keys == ["costCode", "seatCount", "isContractor"])
        #expect(
            rendered["schemas"]
                == [
                    "urn:ietf:params:scim:schemas:core:2.0:User",
                    "urn:ietf:params:scim:schemas:extension:roster:2.0:User",
                ])
        // What Okta reads back validates to the same attributes (a GET → PUT round trip changes nothing).
        let again = try ResourceDocument.validate(.object(rendered))
        #expect(again.attributes == user.attributes)
        #expect(again.rewrites.isEmpty)
        #expect(ResourceDocument.changedAttributeNames(old: user.attributes, new: again.attributes) == [])
    }

    @Test func rendersExtensionObjectsAfterCoreAttributes() throws {
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        let attributes: JSONObject = [
            enterprise: ["manager": ["value": "271"], "department": "Sales"], "metadata": ["a": "b"],
            "userName": "bjensen", "displayName": "Babs", "stray": "never shown", "id": "old",
            "groups": [["value": "g"]],
        ]
        let rendered = ResourceDocument.renderUser(id: "u1", attributes: attributes, meta: sampleMeta)
        #expect(
            rendered.keys == ["schemas", "id", "userName", "displayName", "active", enterprise, "metadata", "meta"])
        #expect(rendered["id"] == "u1")
        #expect(rendered[enterprise]?.objectValue?.keys == ["department", "manager"])
        #expect(
            rendered["schemas"]
                == [
                    "urn:ietf:params:scim:schemas:core:2.0:User", .string(enterprise),
                    "urn:ietf:params:scim:schemas:extension:roster:2.0:User",
                ])
    }

    @Test func rendersAUsersGroupsAsDirectWithRefs() {
        let rendered = ResourceDocument.renderUser(
            id: "2819c223", attributes: ["userName": "bjensen"], meta: sampleMeta,
            groups: [MemberReference(value: "g1", display: "admin"), MemberReference(value: "g2")])
        #expect(rendered.keys == ["schemas", "id", "userName", "active", "groups", "meta"])
        #expect(
            rendered["groups"]
                == [
                    [
                        "value": "g1", "$ref": "https://acme.example.com/api/scim/v2/Groups/g1", "display": "admin",
                        "type": "direct",
                    ],
                    ["value": "g2", "$ref": "https://acme.example.com/api/scim/v2/Groups/g2", "type": "direct"],
                ])
        #expect(rendered["groups"]?.arrayValue?.first?.objectValue?.keys == ["value", "$ref", "display", "type"])
    }

    @Test func rendersAGroupsMembers() {
        var meta = sampleMeta
        meta.location = "https://acme.example.com/api/scim/v2/Groups/g1"
        let rendered = ResourceDocument.renderGroup(
            id: "g1", attributes: ["displayName": "admin", "externalId": "okta-g1", "members": [["value": "x"]]],
            meta: meta,
            members: [
                MemberReference(value: "u1", display: "bjensen", type: .user),
                MemberReference(value: "g2", type: .group),
                MemberReference(value: "u9"),
            ])
        #expect(rendered.keys == ["schemas", "id", "externalId", "displayName", "members", "meta"])
        #expect(rendered["schemas"] == ["urn:ietf:params:scim:schemas:core:2.0:Group"])
        #expect(
            rendered["members"]
                == [
                    [
                        "value": "u1", "$ref": "https://acme.example.com/api/scim/v2/Users/u1", "display": "bjensen",
                        "type": "User",
                    ],
                    ["value": "g2", "$ref": "https://acme.example.com/api/scim/v2/Groups/g2", "type": "Group"],
                    ["value": "u9"],
                ])
        #expect(rendered["meta"]?["resourceType"] == "Group")
    }

    @Test func leavesOutRefsWhenTheLocationHasAnotherShape() {
        var meta = sampleMeta
        meta.location = "https://acme.example.com/elsewhere"
        let rendered = ResourceDocument.renderUser(
            id: "u1", attributes: ["userName": "b"], meta: meta, groups: [MemberReference(value: "g1")])
        #expect(rendered["groups"] == [["value": "g1", "type": "direct"]])
        #expect(
            ResourceDocument.baseURL(of: "/api/scim/v2/Users/u1", endpoint: "/Users", id: "u1") == "/api/scim/v2")
    }

    @Test func rendersAnUnassignedActiveAsTrue() {
        let rendered = ResourceDocument.renderUser(id: "u1", attributes: ["userName": "b"], meta: sampleMeta)
        #expect(rendered.keys == ["schemas", "id", "userName", "active", "meta"])
        #expect(rendered["active"] == true)
        let inactive = ResourceDocument.renderUser(
            id: "u1", attributes: ["userName": "b", "active": false], meta: sampleMeta)
        #expect(inactive["active"] == false)
    }

    @Test func leavesOutEmptyGroupsAndMembers() {
        let rendered = ResourceDocument.renderGroup(id: "g1", attributes: ["displayName": "G"], meta: sampleMeta)
        #expect(rendered["members"] == nil)
    }
}
