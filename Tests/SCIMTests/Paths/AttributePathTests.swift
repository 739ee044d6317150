import Testing

@testable import SCIM

@Suite struct AttributePathTests {
    @Test func parsesSimpleAndSubAttributePaths() {
        #expect(AttributePath("userName") == AttributePath(name: "userName"))
        #expect(AttributePath("name.familyName") == AttributePath(name: "name", subAttribute: "familyName"))
        #expect(AttributePath("emails.value") == AttributePath(name: "emails", subAttribute: "value"))
        #expect(AttributePath("meta.lastModified") == AttributePath(name: "meta", subAttribute: "lastModified"))
        #expect(AttributePath("members.$ref") == AttributePath(name: "members", subAttribute: "$ref"))
        #expect(AttributePath("metadata.cost_code-2") == AttributePath(name: "metadata", subAttribute: "cost_code-2"))
    }

    @Test func parsesSchemaQualifiedPaths() {
        let department = AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
        #expect(department?.schema == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(department?.name == "department")
        let manager = AttributePath("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
        #expect(manager?.name == "manager")
        #expect(manager?.subAttribute == "value")
        let core = AttributePath("URN:ietf:params:scim:schemas:core:2.0:User:name.givenName")
        #expect(core?.schema == "URN:ietf:params:scim:schemas:core:2.0:User")
        #expect(core?.description == "URN:ietf:params:scim:schemas:core:2.0:User:name.givenName")
    }

    @Test func rejectsMalformedPaths() {
        for text in [
            "", ".", "name.", ".name", "a.b.c", "1abc", "user name", "emails[type", "urn:", "ab:c", "na$me", "$refx",
        ] {
            #expect(AttributePath(text) == nil, "\(text)")
        }
    }
}

@Suite struct AttributeResolutionTests {
    let user = ResourceType.user

    @Test func resolvesCaseInsensitivelyToCanonicalNames() throws {
        let resolved = try #require(user.resolve("NAME.FAMILYNAME"))
        #expect(resolved.attribute.name == "name")
        #expect(resolved.subAttribute?.name == "familyName")
        #expect(resolved.path.description == "name.familyName")
        #expect(resolved.containerKey == nil)
        #expect(resolved.schemaID == SchemaURN.user)
        #expect(user.resolve("username")?.path.description == "userName")
    }

    @Test func resolvesCommonAttributes() throws {
        #expect(user.resolve("id")?.attribute.mutability == .readOnly)
        #expect(user.resolve("externalId")?.attribute.caseExact == true)
        let lastModified = try #require(user.resolve("meta.lastModified"))
        #expect(lastModified.leaf.type == .dateTime)
        #expect(lastModified.mutability == .readOnly)
    }

    @Test func resolvesEnterpriseAttributesWithAndWithoutURN() throws {
        let qualified = try #require(
            user.resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department"))
        #expect(qualified.containerKey == SchemaURN.enterpriseUser)
        #expect(qualified.path.description == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department")
        #expect(user.resolve("department") == qualified)
        let manager = try #require(
            user.resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:Manager.Value"))
        #expect(manager.attribute.name == "manager")
        #expect(manager.subAttributeName == "value")
        #expect(
            user.resolve("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.displayName")?.mutability
                == .readOnly)
    }

    @Test func resolvesCoreURNQualifiedPaths() {
        #expect(user.resolve("urn:ietf:params:scim:schemas:core:2.0:User:userName")?.attribute.name == "userName")
        #expect(user.resolve("urn:ietf:params:scim:schemas:core:2.0:User:department") == nil)
    }

    @Test func resolvesOpenMetadataKeys() throws {
        let costCode = try #require(user.resolve("metadata.costCode"))
        #expect(costCode.schemaID == SchemaURN.rosterUser)
        #expect(costCode.containerKey == nil)
        #expect(costCode.isOpenSubAttribute)
        #expect(costCode.subAttributeName == "costCode")
        #expect(costCode.path.description == "metadata.costCode")
        #expect(
            user.resolve("urn:ietf:params:scim:schemas:extension:roster:2.0:User:metadata.x")?.subAttributeName == "x")
    }

    @Test func resolvesValueFilterSubAttributes() throws {
        let emails = try #require(user.resolve("emails"))
        #expect(user.resolve(subAttribute: "TYPE", of: emails)?.subAttribute?.name == "type")
        #expect(user.resolve(subAttribute: "nope", of: emails) == nil)
        #expect(user.resolve(subAttribute: "value", of: try #require(user.resolve("userName"))) == nil)
    }

    @Test func rejectsUnknownAttributes() {
        #expect(user.resolve("nickname.x") == nil)
        #expect(user.resolve("name.nope") == nil)
        #expect(user.resolve("nope") == nil)
        #expect(user.resolve("urn:example:ext:User:x") == nil)
        #expect(ResourceType.group.resolve("userName") == nil)
        #expect(ResourceType.group.resolve("members.value")?.leaf.mutability == .immutable)
    }

    @Test func findsWholeExtensionSchemas() {
        #expect(
            user.extensionSchema(named: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user") == .enterpriseUser
        )
        #expect(user.extensionSchema(named: SchemaURN.user) == nil)
    }
}
