import Testing

@testable import SCIM

@Suite struct ResourceValidationTests {
    @Test func acceptsOktasCreateBody() throws {
        let user = try ResourceDocument.validate(oktaCreateBody)
        #expect(user.userName == "test.user@okta.local")
        #expect(user.externalId == "00ujl29u0le5T6Aj10h7")
        #expect(user.displayName == "Test User")
        #expect(user.active)
        #expect(user.password == "1mz050nq")
        #expect(
            user.schemas == [
                "urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:roster:2.0:User",
            ])
        #expect(user.rewrites.isEmpty)
        #expect(
            user.attributes.keys == [
                "userName", "name", "emails", "displayName", "locale", "externalId", "active", "metadata",
            ])
        #expect(user.attributes["metadata"] == ["costCode": "CC-42", "seatCount": 3, "isContractor": false])
        #expect(user.attributes["metadata"]?.objectValue?.keys == ["costCode", "seatCount", "isContractor"])
        #expect(user.members == nil)
    }

    @Test func acceptsEntrasCreateBody() throws {
        let user = try ResourceDocument.validate(entraCreateBody)
        #expect(user.userName == "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1")
        #expect(user.schemas == ["urn:ietf:params:scim:schemas:core:2.0:User"])
        #expect(user.attributes["meta"] == nil)
        #expect(user.attributes["roles"] == nil)
        #expect(user.attributes["name"]?["givenName"] == "givenName")
        #expect(user.password == nil)
        #expect(user.rewrites.isEmpty)
    }

    @Test func readsEntrasNullsAsUnassigned() throws {
        let user = try ResourceDocument.validate(entraCreateBodyWithNulls)
        #expect(user.attributes == (try ResourceDocument.validate(entraCreateBody)).attributes)
        #expect(user.rewrites.isEmpty)
    }

    @Test func readsAttributeNamesCaseInsensitivelyAndWritesThemCanonically() throws {
        let user = try ResourceDocument.validate([
            "SCHEMAS": ["URN:IETF:PARAMS:SCIM:SCHEMAS:CORE:2.0:USER"], "USERNAME": "bjensen",
            "Name": ["GIVENNAME": "Barbara"], "EMAILS": [["VALUE": "b@example.com", "Primary": true]],
        ])
        #expect(user.attributes.keys == ["userName", "name", "emails"])
        #expect(user.attributes["name"]?.objectValue?.keys == ["givenName"])
        #expect(user.attributes["emails"]?.arrayValue?.first?.objectValue?.keys == ["value", "primary"])
        #expect(user.schemas == ["urn:ietf:params:scim:schemas:core:2.0:User"])
    }

    @Test func ignoresReadOnlyAttributes() throws {
        let user = try ResourceDocument.validate(
            userBody([
                "id": "2819c223", "meta": ["resourceType": "User", "version": "W/\"1\""],
                "groups": [["value": "g1", "display": "Admins"]],
            ]))
        #expect(user.attributes == ["userName": "bjensen"])
        #expect(user.rewrites.isEmpty)
    }

    @Test func refusesUnknownAttributesByName() {
        let error = validationError(userBody(["favouriteColour": "green"]))
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidSyntax)
        #expect(error?.detail == "unknown attribute 'favouriteColour' for User")
        #expect(
            validationError(userBody(["name": ["nickname": "Babs"]]))?.detail
                == "unknown sub-attribute 'nickname' of 'name'")
        #expect(
            validationError(userBody(["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["team": "x"]]))?
                .detail == "unknown attribute 'team' in 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'")
        #expect(validationError(userBody(["favouriteColour": nil]))?.scimType == .invalidSyntax)
    }

    @Test func refusesMissingOrWrongSchemas() {
        let missing = validationError(["userName": "bjensen"])
        #expect(missing?.scimType == .invalidSyntax)
        #expect(missing?.detail == "A User must list \"urn:ietf:params:scim:schemas:core:2.0:User\" in 'schemas'")
        let unknown = validationError([
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:example:custom:2.0:User"],
            "userName": "bjensen",
        ])
        #expect(unknown?.scimType == .invalidSyntax)
        #expect(unknown?.detail == "'schemas' lists 'urn:example:custom:2.0:User', which is not a schema of User")
        let groupSchema = validationError(["schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "userName": "b"])
        #expect(groupSchema?.detail.contains("urn:ietf:params:scim:schemas:core:2.0:Group") == true)
        let extensionOnly = validationError([
            "schemas": ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], "userName": "bjensen",
        ])
        #expect(extensionOnly?.detail == "'schemas' must include \"urn:ietf:params:scim:schemas:core:2.0:User\"")
        #expect(validationError(["schemas": "urn:ietf:params:scim:schemas:core:2.0:User", "userName": "b"]) != nil)
        #expect(validationError(["schemas": [1], "userName": "b"])?.scimType == .invalidSyntax)
    }

    @Test func refusesBodiesThatAreNotObjects() {
        #expect(validationError([["userName": "bjensen"]])?.detail == "A User must be a JSON object, not array")
        #expect(validationError("bjensen")?.scimType == .invalidSyntax)
    }

    @Test func requiresAUserName() {
        for members: JSONObject in [[:], ["userName": nil], ["userName": ""], ["userName": "  \t"]] {
            let error = validationError(body(.user, members))
            #expect(error?.status == 400)
            #expect(error?.scimType == .invalidValue)
            #expect(error?.detail == "userName is required")
        }
    }

    @Test func refusesWrongTypes() {
        let number = validationError(userBody(["active": 1]))
        #expect(number?.scimType == .invalidValue)
        #expect(number?.detail == "'active' needs a boolean, not number")
        #expect(validationError(userBody(["active": "yes"]))?.detail == "'active' needs a boolean, not string \"yes\"")
        #expect(validationError(userBody(["userName": 42]))?.detail == "'userName' needs a string, not number")
        #expect(validationError(userBody(["name": "Barbara"]))?.detail == "'name' needs an object, not string")
        #expect(
            validationError(userBody(["emails": ["value": "b@example.com"]]))?.detail
                == "'emails' needs an array, not object")
        #expect(
            validationError(userBody(["emails": ["b@example.com"]]))?.detail == "'emails' needs objects, not string")
        #expect(validationError(userBody(["emails": [["primary": "maybe"]]]))?.scimType == .invalidValue)
        #expect(validationError(userBody(["password": true]))?.detail == "'password' needs a string, not boolean")
        #expect(
            validationError(userBody(["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": "Sales"]))?.scimType
                == .invalidSyntax)
    }

    @Test func readsEntraBooleanStringsWithARewrite() throws {
        let user = try ResourceDocument.validate(userBody(["active": "False"]))
        #expect(!user.active)
        #expect(user.attributes["active"] == false)
        #expect(user.rewrites == ["string 'False' for boolean 'active' read as false"])
    }

    @Test func refusesTwoPrimaryValues() {
        let error = validationError(
            userBody([
                "emails": [
                    ["value": "a@example.com", "primary": true], ["value": "b@example.com", "primary": true],
                ]
            ]))
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == "'emails' has 2 values with \"primary\": true; at most one may be primary")
    }

    @Test func defaultsActiveToTrue() throws {
        #expect(try ResourceDocument.validate(userBody()).active)
        #expect(try ResourceDocument.validate(userBody()).attributes["active"] == nil)
    }

    @Test func dropsEmptyValues() throws {
        let user = try ResourceDocument.validate(
            userBody(["name": [:], "emails": [], "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": [:]]))
        #expect(user.attributes == ["userName": "bjensen"])
        #expect(user.schemas == ["urn:ietf:params:scim:schemas:core:2.0:User"])
    }
}
