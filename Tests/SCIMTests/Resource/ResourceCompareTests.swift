import Testing

@testable import SCIM

private let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

@Suite struct ResourceCompareTests {
    @Test func listsChangedTopLevelAndExtensionAttributes() {
        let old: JSONObject = [
            "userName": "bjensen", "displayName": "Babs", "active": true, "title": "Guide",
            enterprise: ["department": "Sales", "employeeNumber": "1"], "metadata": ["a": "1"],
        ]
        let new: JSONObject = [
            "USERNAME": "bjensen", "displayName": "Barbara", "active": false, "nickName": "B",
            enterprise: ["department": "Ops", "employeeNumber": "1", "costCenter": "CC"], "metadata": ["a": "1"],
        ]
        #expect(
            ResourceDocument.changedAttributeNames(old: old, new: new) == [
                "displayName", "active", "nickName", "\(enterprise):department", "\(enterprise):costCenter", "title",
            ])
    }

    @Test func treatsUnassignedAsAbsentAndIgnoresBookkeeping() {
        let old: JSONObject = ["userName": "b", "emails": [], "meta": ["version": "W/\"1\""], "id": "1"]
        let new: JSONObject = ["userName": "b", "name": nil, "meta": ["version": "W/\"2\""], "schemas": []]
        #expect(ResourceDocument.changedAttributeNames(old: old, new: new) == [])
    }

    @Test func listsAWholeExtensionAddedOrRemoved() {
        let old: JSONObject = ["userName": "b"]
        let new: JSONObject = ["userName": "b", enterprise: ["department": "Sales", "division": "EU"]]
        #expect(
            ResourceDocument.changedAttributeNames(old: old, new: new) == [
                "\(enterprise):department", "\(enterprise):division",
            ])
        #expect(
            ResourceDocument.changedAttributeNames(old: new, new: old) == [
                "\(enterprise):department", "\(enterprise):division",
            ])
    }

    @Test func notesReorderedEmailsAsAChange() {
        let first: JSONValue = ["value": "a@example.com"]
        let second: JSONValue = ["value": "b@example.com"]
        #expect(
            ResourceDocument.changedAttributeNames(old: ["emails": [first, second]], new: ["emails": [second, first]])
                == ["emails"])
    }

    @Test func passesPutsOfTheBuiltInSchemas() throws {
        let old = try ResourceDocument.validate(oktaCreateBody).attributes
        let new = try ResourceDocument.validate(entraCreateBody).attributes
        try ResourceDocument.checkImmutable(old: old, new: new, type: .user)
        try ResourceDocument.checkImmutable(old: ["displayName": "a"], new: ["displayName": "b"], type: .group)
    }

    @Test func refusesChangingAnImmutableAttribute() throws {
        var schema = Schema.user
        schema.attributes.append(
            SchemaAttribute(name: "employeeId", type: .string, mutability: .immutable, description: "Set once."))
        schema.attributes.append(
            SchemaAttribute(
                name: "badge", type: .complex,
                subAttributes: [
                    SchemaAttribute(name: "serial", type: .string, mutability: .immutable, description: "Set once."),
                    SchemaAttribute(name: "colour", type: .string, description: "Changes."),
                ], description: "A badge."))
        let type = ResourceType(id: "User", endpoint: "/Users", description: "", schema: schema, extensions: [])
        try ResourceDocument.checkImmutable(old: [:], new: ["employeeId": "7"], type: type)
        try ResourceDocument.checkImmutable(old: ["employeeId": "7"], new: ["EMPLOYEEID": "7"], type: type)
        let changed = #expect(throws: SCIMError.self) {
            try ResourceDocument.checkImmutable(old: ["employeeId": "7"], new: ["employeeId": "8"], type: type)
        }
        #expect(changed?.status == 400)
        #expect(changed?.scimType == .mutability)
        #expect(changed?.detail == "'employeeId' is immutable and cannot be changed once set")
        #expect(throws: SCIMError.self) {
            try ResourceDocument.checkImmutable(old: ["employeeId": "7"], new: [:], type: type)
        }
        try ResourceDocument.checkImmutable(
            old: ["badge": ["serial": "S1", "colour": "red"]], new: ["badge": ["serial": "S1", "colour": "blue"]],
            type: type)
        let sub = #expect(throws: SCIMError.self) {
            try ResourceDocument.checkImmutable(
                old: ["badge": ["serial": "S1"]], new: ["badge": ["serial": "S2"]], type: type)
        }
        #expect(sub?.detail == "'badge.serial' is immutable and cannot be changed once set")
    }
}
