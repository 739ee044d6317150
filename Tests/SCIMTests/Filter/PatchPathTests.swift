import Testing

@testable import SCIM

@Suite struct PatchPathTests {
    private func parse(_ text: String) throws(SCIMError) -> PatchPath {
        try PatchPath(parsing: text)
    }

    @Test func parsesAttributeAndSubAttributePaths() throws {
        #expect(try parse("nickName") == PatchPath(attribute: AttributePath(name: "nickName")))
        #expect(
            try parse("name.givenName") == PatchPath(attribute: AttributePath(name: "name", subAttribute: "givenName")))
        #expect(try parse("members") == PatchPath(attribute: AttributePath(name: "members")))
    }

    @Test func parsesValueFilterPaths() throws {
        #expect(
            try parse(#"members[value eq "2819c223"]"#)
                == PatchPath(
                    attribute: AttributePath(name: "members"),
                    filter: .compare(AttributePath(name: "value"), .eq, .string("2819c223"))))
        #expect(
            try parse(#"emails[type eq "work"].value"#)
                == PatchPath(
                    attribute: AttributePath(name: "emails", subAttribute: "value"),
                    filter: .compare(AttributePath(name: "type"), .eq, .string("work"))))
        #expect(
            try parse(#"addresses[type eq "work" and primary eq true].postalCode"#).filter
                == .and(
                    .compare(AttributePath(name: "type"), .eq, .string("work")),
                    .compare(AttributePath(name: "primary"), .eq, .bool(true))))
    }

    @Test func parsesExtensionPaths() throws {
        let manager = try parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager")
        #expect(manager.attribute == AttributePath(schema: SchemaURN.enterpriseUser, name: "manager"))
        #expect(manager.filter == nil)
        let employeeNumber = try parse("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
        #expect(employeeNumber.attribute.name == "employeeNumber")
        #expect(try parse("metadata.costCode").attribute == AttributePath(name: "metadata", subAttribute: "costCode"))
    }

    @Test func rendersPathsBack() throws {
        for text in [#"emails[type eq "work"].value"#, "name.givenName", #"members[value eq "x"]"#] {
            #expect(try parse(text).description == text)
        }
    }

    @Test func rejectsMalformedPathsAsInvalidPath() {
        let cases: [(String, String)] = [
            ("", "at character 1: expected an attribute path"),
            (#"emails[type eq "work""#, "at character 22: expected ']', found the end of the filter"),
            (#"emails[type eq "work"]x"#, "at character 23: unexpected 'x' after the end of the path"),
            ("name.givenName extra", "at character 16: unexpected 'extra' after the end of the path"),
            ("a.b.c", "at character 1: 'a.b.c' is not a valid attribute path"),
            (
                #"emails.value[type eq "x"]"#,
                "at character 1: a value filter must follow an attribute, not a sub-attribute"
            ),
            ("[x]", "at character 1: expected an attribute path"),
        ]
        for (text, detail) in cases {
            do {
                _ = try parse(text)
                Issue.record("accepted \(text)")
            } catch {
                #expect(error.scimType == .invalidPath, "\(text)")
                #expect(error.status == 400)
                #expect(error.detail == detail, "\(text)")
            }
        }
    }
}
