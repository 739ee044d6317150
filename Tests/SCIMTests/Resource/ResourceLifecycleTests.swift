import Testing

@testable import SCIM

/// POST body → stored attributes → PATCH → PUT → response, the way the handlers chain them.
@Suite struct ResourceLifecycleTests {
    @Test func patchesValidatedAttributesAndRendersTheResult() throws {
        let created = try ResourceDocument.validate(entraCreateBody)
        let patched = try patch(
            [
                [
                    "op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                    "value": "271",
                ],
                ["op": "Replace", "path": "active", "value": "False"],
                ["op": "add", "path": "metadata.costCode", "value": "CC-7"],
            ], to: created.attributes)
        #expect(patched.changed)
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        #expect(patched.resource[enterprise] == ["manager": ["value": "271"]])
        #expect(
            ResourceDocument.changedAttributeNames(old: created.attributes, new: patched.resource) == [
                "active", "\(enterprise):manager", "metadata",
            ])
        let rendered = ResourceDocument.renderUser(id: "u1", attributes: patched.resource, meta: sampleMeta)
        #expect(rendered["active"] == false)
        #expect(rendered["metadata"] == ["costCode": "CC-7"])
        #expect(
            rendered["schemas"]
                == [
                    "urn:ietf:params:scim:schemas:core:2.0:User", .string(enterprise),
                    "urn:ietf:params:scim:schemas:extension:roster:2.0:User",
                ])
        // Okta's PUT of what it read back keeps everything, and changes nothing.
        let replaced = try ResourceDocument.validate(.object(rendered))
        try ResourceDocument.checkImmutable(old: patched.resource, new: replaced.attributes)
        #expect(replaced.attributes == patched.resource)
        #expect(replaced.schemas == rendered["schemas"]?.arrayValue?.compactMap(\.stringValue))
    }
}
