import Testing

@testable import SCIM

/// Shorthands for expected ASTs.
private func path(_ text: String) -> AttributePath {
    AttributePath(text) ?? AttributePath(name: "invalid-\(text)")
}

private func eq(_ attribute: String, _ value: String) -> Filter {
    .compare(path(attribute), .eq, .string(value))
}

@Suite struct FilterParserTests {
    private func parse(_ text: String) throws(SCIMError) -> Filter {
        try FilterParser.parse(text)
    }

    @Test func parsesSimpleComparisons() throws {
        #expect(try parse(#"userName eq "bjensen""#) == eq("userName", "bjensen"))
        #expect(
            try parse(#"name.familyName co "O'Malley""#) == .compare(path("name.familyName"), .co, .string("O'Malley")))
        #expect(try parse(#"userName sw "J""#) == .compare(path("userName"), .sw, .string("J")))
        #expect(try parse(#"emails ew "example.org""#) == .compare(path("emails"), .ew, .string("example.org")))
        #expect(try parse(#"title ne "x""#) == .compare(path("title"), .ne, .string("x")))
        #expect(
            try parse(#"meta.lastModified gt "2011-05-13T04:42:34Z""#)
                == .compare(path("meta.lastModified"), .gt, .string("2011-05-13T04:42:34Z")))
        #expect(try parse(#"meta.lastModified ge "x""#) == .compare(path("meta.lastModified"), .ge, .string("x")))
        #expect(try parse(#"meta.lastModified lt "x""#) == .compare(path("meta.lastModified"), .lt, .string("x")))
        #expect(try parse(#"meta.lastModified le "x""#) == .compare(path("meta.lastModified"), .le, .string("x")))
        #expect(try parse("title pr") == .present(path("title")))
    }

    @Test func parsesLiteralAndNumberValues() throws {
        #expect(try parse("active eq true") == .compare(path("active"), .eq, .bool(true)))
        #expect(try parse("active eq FALSE") == .compare(path("active"), .eq, .bool(false)))
        #expect(try parse("nickName eq null") == .compare(path("nickName"), .eq, .null))
        #expect(try parse("metadata.level ge 3") == .compare(path("metadata.level"), .ge, .number(JSONNumber(3))))
        #expect(
            try parse("metadata.x lt -1.5e3")
                == .compare(path("metadata.x"), .lt, .number(JSONNumber(unchecked: "-1.5e3"))))
    }

    @Test func decodesStringEscapes() throws {
        #expect(try parse(#"displayName eq "a \"q\" \\ \u00e9 \ud83d\ude00""#) == eq("displayName", "a \"q\" \\ é 😀"))
        #expect(try parse(#"displayName eq "Zoë 日本""#) == eq("displayName", "Zoë 日本"))
        #expect(try parse(#"displayName eq """#) == eq("displayName", ""))
    }

    @Test func isCaseInsensitiveForOperatorsAndKeywords() throws {
        #expect(try parse(#"userName EQ "x" AND title Pr"#) == .and(eq("userName", "x"), .present(path("title"))))
        #expect(
            try parse(#"NOT (userName Eq "x") Or title PR"#) == .or(.not(eq("userName", "x")), .present(path("title"))))
        #expect(try parse(#"USERNAME eq "x""#) == eq("USERNAME", "x"))
    }

    @Test func givesAndPrecedenceOverOr() throws {
        let a = eq("a", "1")
        let b = eq("b", "2")
        let c = eq("c", "3")
        #expect(try parse(#"a eq "1" or b eq "2" and c eq "3""#) == .or(a, .and(b, c)))
        #expect(try parse(#"a eq "1" and b eq "2" or c eq "3""#) == .or(.and(a, b), c))
        #expect(try parse(#"(a eq "1" or b eq "2") and c eq "3""#) == .and(.or(a, b), c))
        #expect(try parse(#"a eq "1" and b eq "2" and c eq "3""#) == .and(.and(a, b), c))
        #expect(try parse(#"a eq "1" or b eq "2" or c eq "3""#) == .or(.or(a, b), c))
    }

    @Test func givesNotPrecedenceOverAnd() throws {
        let a = eq("a", "1")
        let b = eq("b", "2")
        let c = eq("c", "3")
        #expect(try parse(#"not (a eq "1") and b eq "2""#) == .and(.not(a), b))
        #expect(try parse(#"not(a eq "1" or b eq "2")"#) == .not(.or(a, b)))
        #expect(try parse(#"a eq "1" or not (b eq "2") and c eq "3""#) == .or(a, .and(.not(b), c)))
    }

    @Test func parsesRFCExamples() throws {
        #expect(
            try parse(#"userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")"#)
                == .and(
                    eq("userType", "Employee"),
                    .or(
                        .compare(path("emails"), .co, .string("example.com")),
                        .compare(path("emails.value"), .co, .string("example.org")))))
        #expect(
            try parse(#"userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")"#)
                == .and(
                    .compare(path("userType"), .ne, .string("Employee")),
                    .not(
                        .or(
                            .compare(path("emails"), .co, .string("example.com")),
                            .compare(path("emails.value"), .co, .string("example.org"))))))
        #expect(
            try parse(#"userType eq "Employee" and emails[type eq "work" and value co "@example.com"]"#)
                == .and(
                    eq("userType", "Employee"),
                    .valuePath(
                        path("emails"), .and(eq("type", "work"), .compare(path("value"), .co, .string("@example.com"))))
                ))
        #expect(
            try parse(
                #"emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]"#)
                == .or(
                    .valuePath(
                        path("emails"), .and(eq("type", "work"), .compare(path("value"), .co, .string("@example.com")))),
                    .valuePath(path("ims"), .and(eq("type", "xmpp"), .compare(path("value"), .co, .string("@foo.com"))))
                ))
    }

    @Test func parsesSchemaQualifiedAndMetadataPaths() throws {
        #expect(
            try parse(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales""#)
                == eq("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "Sales"))
        #expect(
            try parse(#"urn:ietf:params:scim:schemas:core:2.0:User:name.familyName sw "J""#)
                == .compare(
                    AttributePath(schema: SchemaURN.user, name: "name", subAttribute: "familyName"), .sw, .string("J")))
        #expect(try parse(#"metadata.costCode eq "CC-1""#) == eq("metadata.costCode", "CC-1"))
    }

    @Test func parsesEntraQueries() throws {
        #expect(try parse(#"externalId eq "jyoung""#) == eq("externalId", "jyoung"))
        #expect(
            try parse(#"id eq "1" and manager eq "2""#) == .and(eq("id", "1"), eq("manager", "2")))
        #expect(try parse(#"displayName eq "displayName""#) == eq("displayName", "displayName"))
    }

    @Test func readsSubAttributeAfterValueFilterAsConjunction() throws {
        #expect(
            try parse(#"emails[type eq "work"].value eq "a@example.com""#)
                == .valuePath(path("emails"), .and(eq("type", "work"), eq("value", "a@example.com"))))
        #expect(
            try parse(#"emails[type eq "work"].value pr"#)
                == .valuePath(path("emails"), .and(eq("type", "work"), .present(path("value")))))
    }

    @Test func allowsFlexibleWhitespace() throws {
        #expect(try parse(#"  userName   eq  "x"  "#) == eq("userName", "x"))
        #expect(try parse("(title pr)") == .present(path("title")))
        #expect(try parse(#"emails[ type eq "work" ]"#) == .valuePath(path("emails"), eq("type", "work")))
    }

    @Test func rendersFiltersBackToEquivalentText() throws {
        let texts = [
            #"a eq "1" or b eq "2" and c eq "3""#,
            #"(a eq "1" or b eq "2") and c eq "3""#,
            #"a eq "1" and (b eq "2" and c eq "3")"#,
            #"not (a eq "1") and emails[type eq "work" and value co "@x"]"#,
            #"emails[(type eq "a" or type eq "b") and value eq "x"]"#,
            #"x eq "q\"uote" or y gt 5 or z pr"#,
        ]
        for text in texts {
            let filter = try parse(text)
            #expect(try parse(filter.description) == filter, "\(text)")
        }
        #expect(
            try parse(#"(a eq "1" or b eq "2") and c eq "3""#).description == #"(a eq "1" or b eq "2") and c eq "3""#)
        #expect(
            try parse(#"a eq "1" and (b eq "2" and c eq "3")"#).description == #"a eq "1" and (b eq "2" and c eq "3")"#)
    }
}
