import Testing

@testable import SCIM

@Suite struct ResolvedFilterTests {
    private func resolve(_ text: String, _ type: ResourceType = .user) throws(SCIMError) -> ResolvedFilter {
        try FilterParser.parse(text).resolve(against: type)
    }

    private func detail(_ text: String, _ type: ResourceType = .user) -> String? {
        do {
            _ = try resolve(text, type)
            return nil
        } catch {
            #expect(error.scimType == .invalidFilter)
            return error.detail
        }
    }

    @Test func resolvesToCanonicalAttributes() throws {
        guard case .compare(let attribute, .eq, .string("x")) = try resolve(#"USERNAME eq "x""#) else {
            Issue.record("unexpected shape")
            return
        }
        #expect(attribute.path.description == "userName")
        #expect(!attribute.leaf.caseExact)
    }

    @Test func resolvesValueFiltersRelativeToTheirAttribute() throws {
        guard case .valuePath(let emails, .compare(let type, .eq, _)) = try resolve(#"emails[TYPE eq "work"]"#) else {
            Issue.record("unexpected shape")
            return
        }
        #expect(emails.attribute.name == "emails")
        #expect(type.path.description == "emails.type")
    }

    @Test func comparesMultiValuedComplexAttributesByValue() throws {
        guard case .compare(let attribute, .co, _) = try resolve(#"emails co "example.com""#) else {
            Issue.record("unexpected shape")
            return
        }
        #expect(attribute.path.description == "emails.value")
        guard case .compare(let manager, .eq, _) = try resolve(#"manager eq "42""#) else {
            Issue.record("unexpected shape")
            return
        }
        #expect(manager.path.description == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
    }

    @Test func acceptsTypicalIdPFilters() throws {
        for text in [
            #"userName eq "test.user@okta.local""#, #"externalId eq "00u1""#, #"id eq "1" and manager eq "2""#,
            #"emails[type eq "work"].value eq "a@b.c""#, #"meta.lastModified gt "2024-01-01T00:00:00Z""#,
            #"active eq true"#, #"metadata.level ge 3"#, #"metadata.costCode eq "x""#, #"name pr"#,
            #"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales""#,
        ] {
            #expect(throws: Never.self) { try resolve(text) }
        }
        #expect(throws: Never.self) { try resolve(#"displayName eq "Admins""#, .group) }
        #expect(throws: Never.self) { try resolve(#"members[value eq "1"]"#, .group) }
    }

    @Test func rejectsUnknownAttributes() {
        #expect(detail(#"nope eq "x""#) == "unknown attribute 'nope'")
        #expect(detail(#"emails[nope eq "x"]"#) == "unknown attribute 'nope' of 'emails'")
        #expect(detail(#"userName eq "x""#, .group) == "unknown attribute 'userName'")
    }

    @Test func rejectsTypeMismatches() {
        #expect(detail(#"active eq "true""#) == #"attribute 'active' is boolean; "true" is not a boolean value"#)
        #expect(detail("userName eq 5") == "attribute 'userName' is string; 5 is not a string value")
        #expect(detail("active gt true") == "operator 'gt' is not defined for boolean attribute 'active'")
        #expect(detail("active co true") == "operator 'co' needs a string attribute; 'active' is boolean")
        #expect(detail(#"meta.created gt "yesterday""#) != nil)
        #expect(detail(#"name eq "x""#) == "attribute 'name' is complex; compare one of its sub-attributes")
        #expect(
            detail(#"userName[value eq "x"]"#)
                == "attribute 'userName' is not complex, so it cannot take a value filter")
    }

    @Test func rejectsFiltersOnPasswords() {
        #expect(detail(#"password eq "hunter2""#) == "attribute 'password' cannot be used in a filter")
    }

    @Test func recognisesDateTimes() {
        for text in [
            "2024-05-13T04:42:34Z", "2024-05-13T04:42:34.123Z", "2024-05-13T04:42:34+02:00", "2024-05-13t04:42:34z",
        ] {
            #expect(Filter.isDateTime(text), "\(text)")
        }
        for text in [
            "2024-05-13", "2024-05-13T04:42:34", "2024-05-13T04:42Z", "2024-05-13T04:42:34.Z", "x",
            "2024-05-13T04:42:34+0200",
        ] {
            #expect(!Filter.isDateTime(text), "\(text)")
        }
    }
}
