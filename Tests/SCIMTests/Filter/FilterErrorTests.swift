import Testing

@testable import SCIM

@Suite struct FilterErrorTests {
    private func failure(_ text: String, limits: FilterLimits = .default) -> SCIMError? {
        do {
            _ = try FilterParser.parse(text, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    private func detail(_ text: String) -> String? {
        failure(text)?.detail
    }

    @Test func reportsInvalidFilterWithStatus400() {
        let error = failure("userName eq")
        #expect(error?.status == 400)
        #expect(error?.scimType == .invalidFilter)
    }

    @Test func rejectsMissingValue() {
        #expect(detail("userName eq") == "at character 12: expected a comparison value, found the end of the filter")
    }

    @Test func rejectsUnknownOperatorNamingThePosition() {
        #expect(
            detail(#"name.givenName zz "x""#)
                == "at character 16: expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr), found 'zz'"
        )
    }

    @Test func rejectsUnclosedValueFilter() {
        #expect(detail(#"emails[type eq "work""#) == "at character 22: expected ']', found the end of the filter")
    }

    @Test func rejectsUnbalancedParentheses() {
        #expect(detail(#"(userName eq "x""#) == "at character 17: expected ')', found the end of the filter")
        #expect(detail(#"userName eq "x")"#) == "at character 16: unexpected ')' after the end of the filter")
        #expect(detail(#"((title pr)"#) != nil)
        #expect(detail(")") != nil)
    }

    @Test func rejectsEmptyFilter() {
        #expect(detail("") == "at character 1: expected an attribute path")
        #expect(detail("   ") == "at character 4: expected an attribute path")
        #expect(detail("()") == "at character 2: expected an attribute path, found ')'")
    }

    @Test func rejectsTrailingGarbage() {
        #expect(detail(#"userName eq "x" y"#) == "at character 17: unexpected 'y' after the end of the filter")
        #expect(detail(#"userName eq "x" and"#) == "at character 20: expected an attribute path")
        #expect(detail(#"userName eq "x" "y""#) == "at character 17: unexpected a string after the end of the filter")
    }

    @Test func rejectsBadStringEscapes() {
        #expect(detail(#"userName eq "a\qb""#) == "at character 15: invalid string: invalid escape sequence")
        #expect(detail(#"userName eq "\ud800""#) != nil)
        #expect(detail(#"userName eq "abc"#) == "at character 13: unterminated string")
        #expect(detail(#"userName eq "\u0000""#) != nil)
    }

    @Test func rejectsUnquotedValuesWithAHint() {
        #expect(
            detail("externalId eq jyoung")
                == "at character 15: expected a comparison value (a string in double quotes, a number, true, false or null), "
                + "found 'jyoung'; quote string values")
        #expect(detail("userName eq 'x'") != nil)
    }

    @Test func rejectsNotWithoutParentheses() {
        #expect(detail(#"not userName eq "x""#) == "at character 5: expected '(' after 'not'")
    }

    @Test func rejectsNestedAndMisplacedValueFilters() {
        #expect(detail(#"emails[type[value eq "x"] eq "y"]"#) == "at character 12: value filters cannot be nested")
        #expect(
            detail(#"emails.value[type eq "x"]"#)
                == "at character 1: a value filter must follow an attribute, not a sub-attribute")
        #expect(
            detail(#"emails[name.x eq "y"]"#)
                == "at character 8: inside a value filter, name a sub-attribute such as 'value' or 'type'")
        #expect(detail(#"emails[type eq "work"]."#) == "at character 23: expected a sub-attribute name after ']'")
    }

    @Test func rejectsInvalidAttributePaths() {
        #expect(detail(#"a.b.c eq "x""#) == "at character 1: 'a.b.c' is not a valid attribute path")
        #expect(detail(#"1abc eq "x""#) != nil)
        #expect(detail(#"eq "x""#) != nil)
    }

    @Test func rejectsFiltersLongerThanTheLimit() {
        let long = "userName eq \"" + String(repeating: "x", count: 5000) + "\""
        #expect(failure(long)?.detail == "filter longer than 4096 bytes")
        #expect(failure(long)?.scimType == .invalidFilter)
        #expect(failure(#"title pr"#, limits: FilterLimits(maxLength: 4)) != nil)
    }

    @Test func rejectsNestingDeeperThanTheLimit() {
        let limits = FilterLimits(maxDepth: 2)
        #expect(failure("((title pr))", limits: limits) == nil)
        #expect(
            failure("(((title pr)))", limits: limits)?.detail == "at character 3: filter nested deeper than 2 levels")
        #expect(failure("not (not (not (title pr)))", limits: limits) != nil)
    }

    @Test func failsFastOnTwoThousandNestedParentheses() {
        let bomb = String(repeating: "(", count: 2000) + "title pr" + String(repeating: ")", count: 2000)
        let started = ContinuousClock.now
        #expect(failure(bomb)?.detail == "at character 33: filter nested deeper than 32 levels")
        let notBomb = String(repeating: "not (", count: 2000) + "title pr" + String(repeating: ")", count: 2000)
        #expect(failure(notBomb, limits: FilterLimits(maxLength: 20_000))?.scimType == .invalidFilter)
        #expect(ContinuousClock.now - started < .seconds(1))
    }

    @Test func handlesTheLongestConjunctionTheLengthLimitAllows() throws {
        let terms = Array(repeating: "title pr", count: 4096 / 13)
        let text = terms.joined(separator: " and ")
        #expect(text.utf8.count <= 4096)
        let filter = try FilterParser.parse(text)
        _ = try filter.resolve(against: .user)
        #expect(try FilterParser.parse(filter.description) == filter)
    }

    @Test func acceptsNestingAtTheLimit() {
        let filter = String(repeating: "(", count: 32) + "title pr" + String(repeating: ")", count: 32)
        #expect(failure(filter) == nil)
    }

    @Test func rejectsControlCharactersOutsideStrings() {
        #expect(detail("title pr\u{01}") == "at character 9: unexpected control character")
        #expect(detail("title\u{7F} pr") == "at character 6: unexpected control character")
        #expect(throws: Never.self) { try FilterParser.parse("title pr\r\nand\tnickName pr") }
    }

    @Test func countsPositionsInCharactersNotBytes() {
        #expect(detail(#"displayName eq "日本" x"#) == "at character 21: unexpected 'x' after the end of the filter")
    }
}
