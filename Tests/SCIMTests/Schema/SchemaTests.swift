import Testing

@testable import SCIM

@Suite struct SchemaTests {
    @Test func definesEveryCoreUserAttribute() {
        let names = Schema.user.attributes.map(\.name)
        #expect(
            names == [
                "id", "externalId", "meta", "userName", "name", "displayName", "nickName", "profileUrl", "title",
                "userType", "preferredLanguage", "locale", "timezone", "active", "password", "emails",
                "phoneNumbers", "ims", "photos", "addresses", "groups", "entitlements", "roles", "x509Certificates",
            ])
    }

    @Test func definesUserNameAsRequiredServerUniqueCaseInsensitive() throws {
        let userName = try #require(Schema.user.attribute(named: "USERNAME"))
        #expect(userName.required)
        #expect(userName.uniqueness == .server)
        #expect(!userName.caseExact)
        #expect(userName.type == .string)
    }

    @Test func definesCommonAttributes() throws {
        let id = try #require(Schema.user.attribute(named: "id"))
        #expect(id.mutability == .readOnly && id.returned == .always && id.caseExact)
        #expect(try #require(Schema.user.attribute(named: "externalId")).caseExact)
        let meta = try #require(Schema.group.attribute(named: "meta"))
        #expect(meta.mutability == .readOnly)
        #expect(meta.subAttributes.map(\.name) == ["resourceType", "created", "lastModified", "location", "version"])
    }

    @Test func definesPasswordAsWriteOnlyNeverReturned() throws {
        let password = try #require(Schema.user.attribute(named: "password"))
        #expect(password.mutability == .writeOnly)
        #expect(password.returned == .never)
    }

    @Test func definesGroupsAsReadOnly() throws {
        let groups = try #require(Schema.user.attribute(named: "groups"))
        #expect(groups.mutability == .readOnly)
        #expect(groups.multiValued)
        #expect(groups.subAttributes.map(\.name) == ["value", "$ref", "display", "type"])
        #expect(groups.subAttributes.allSatisfy { $0.mutability == .readOnly })
    }

    @Test func definesNameAndAddressSubAttributes() throws {
        let name = try #require(Schema.user.attribute(named: "name"))
        #expect(
            name.subAttributes.map(\.name) == [
                "formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix",
            ])
        let addresses = try #require(Schema.user.attribute(named: "addresses"))
        #expect(
            addresses.subAttributes.map(\.name) == [
                "formatted", "streetAddress", "locality", "region", "postalCode", "country", "type", "primary",
            ])
        #expect(addresses.subAttribute(named: "type")?.canonicalValues == ["work", "home", "other"])
    }

    @Test func definesStandardSubAttributesForMultiValuedAttributes() throws {
        for name in ["emails", "phoneNumbers", "ims", "photos", "entitlements", "roles", "x509Certificates"] {
            let attribute = try #require(Schema.user.attribute(named: name))
            #expect(attribute.multiValued && attribute.type == .complex, "\(name)")
            #expect(attribute.subAttributes.map(\.name) == ["value", "display", "type", "primary"], "\(name)")
            #expect(attribute.subAttribute(named: "primary")?.type == .boolean)
        }
        #expect(
            Schema.user.attribute(named: "emails")?.subAttribute(named: "type")?.canonicalValues == [
                "work", "home", "other",
            ])
        #expect(
            Schema.user.attribute(named: "phoneNumbers")?.subAttribute(named: "type")?.canonicalValues.contains(
                "mobile") == true)
        #expect(Schema.user.attribute(named: "photos")?.subAttribute(named: "value")?.type == .reference)
        #expect(Schema.user.attribute(named: "x509Certificates")?.subAttribute(named: "value")?.type == .binary)
    }

    @Test func definesEnterpriseExtension() throws {
        let schema = Schema.enterpriseUser
        #expect(schema.id == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        #expect(
            schema.attributes.map(\.name) == [
                "employeeNumber", "costCenter", "organization", "division", "department", "manager",
            ])
        let manager = try #require(schema.attribute(named: "manager"))
        #expect(manager.subAttributes.map(\.name) == ["value", "$ref", "displayName"])
        #expect(manager.subAttribute(named: "displayName")?.mutability == .readOnly)
        #expect(!schema.attributesAtTopLevel)
    }

    @Test func definesRosterMetadataExtension() throws {
        let metadata = try #require(Schema.rosterUser.attribute(named: "metadata"))
        #expect(metadata.type == .complex)
        #expect(metadata.allowsAnySubAttribute)
        #expect(metadata.description.contains("arbitrary keys"))
        #expect(Schema.rosterUser.attributesAtTopLevel)
    }

    @Test func definesGroupSchema() throws {
        let displayName = try #require(Schema.group.attribute(named: "displayName"))
        #expect(displayName.required)
        let members = try #require(Schema.group.attribute(named: "members"))
        #expect(members.subAttribute(named: "value")?.mutability == .immutable)
        #expect(members.subAttribute(named: "type")?.canonicalValues == ["User", "Group"])
        #expect(members.subAttributes.map(\.name) == ["value", "$ref", "display", "type"])
    }

    @Test func findsSchemasByURNCaseInsensitively() {
        #expect(Schema.named("URN:ietf:params:scim:schemas:core:2.0:user")?.name == "User")
        #expect(Schema.named("urn:example:unknown") == nil)
        #expect(
            ResourceType.user.schemas.map(\.id) == [SchemaURN.user, SchemaURN.enterpriseUser, SchemaURN.rosterUser])
    }
}
