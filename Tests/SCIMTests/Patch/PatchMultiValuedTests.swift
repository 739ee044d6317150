import Testing

@testable import SCIM

@Suite struct PatchMultiValuedTests {
    private func emails(_ result: PatchResult) -> [JSONValue] {
        result.resource["emails"]?.arrayValue ?? []
    }

    @Test func addAppendsNewValues() throws {
        let result = try patch([["op": "add", "path": "emails", "value": [["value": "b@x.org", "type": "other"]]]])
        #expect(emails(result).count == 3)
        #expect(emails(result).last == ["value": "b@x.org", "type": "other"])
    }

    @Test func addOfAPresentValueChangesNothing() throws {
        let result = try patch([
            ["op": "add", "path": "emails", "value": [["value": "babs@jensen.org", "type": "home"]]]
        ])
        #expect(!result.changed)
    }

    @Test func addWrapsASingleObject() throws {
        let result = try patch([["op": "add", "path": "emails", "value": ["value": "b@x.org"]]])
        #expect(emails(result).count == 3)
        #expect(
            result.rewrites == ["operation 1: a single value for multi-valued 'emails' read as a one-element array"])
    }

    @Test func keepsOnePrimaryValue() throws {
        let result = try patch([
            ["op": "add", "path": "emails", "value": [["value": "new@x.org", "type": "work", "primary": true]]]
        ])
        let values = emails(result)
        #expect(values[0]["primary"] == false)
        #expect(values[2]["primary"] == true)
    }

    @Test func replaceSwapsTheWholeList() throws {
        let result = try patch([
            ["op": "replace", "path": "emails", "value": [["value": "only@x.org", "type": "work"]]]
        ])
        #expect(emails(result) == [["value": "only@x.org", "type": "work"]])
    }

    @Test func replaceWithAnEmptyListUnassigns() throws {
        #expect(try patch([["op": "replace", "path": "emails", "value": []]]).resource["emails"] == nil)
    }

    @Test func removeWithoutFilterRemovesAllValues() throws {
        #expect(try patch([["op": "remove", "path": "emails"]]).resource["emails"] == nil)
    }

    @Test func removeWithFilterRemovesOnlyMatches() throws {
        let result = try patch([["op": "remove", "path": #"emails[type eq "home"]"#]])
        #expect(emails(result) == [["value": "bjensen@example.com", "type": "work", "primary": true]])
        #expect(try !patch([["op": "remove", "path": #"emails[type eq "other"]"#]]).changed)
    }

    @Test func removeWithAValueListRemovesOnlyListedValues() throws {
        let result = try patch([["op": "Remove", "path": "emails", "value": [["value": "babs@jensen.org"]]]])
        #expect(emails(result).count == 1)
        #expect(emails(result).first?["value"] == "bjensen@example.com")
        #expect(
            result.rewrites.contains(
                "operation 1: 'remove' with a value list on 'emails' removed only the listed values"))
    }

    @Test func replacesASubAttributeThroughAValueFilter() throws {
        let result = try patch([
            ["op": "replace", "path": #"emails[type eq "work"].value"#, "value": "barbara@example.com"]
        ])
        #expect(emails(result)[0] == ["value": "barbara@example.com", "type": "work", "primary": true])
        #expect(emails(result)[1] == ["value": "babs@jensen.org", "type": "home"])
        #expect(result.rewrites.isEmpty)
    }

    @Test func matchesValueFiltersCaseInsensitivelyOnCaseInsensitiveAttributes() throws {
        let result = try patch([["op": "replace", "path": #"emails[TYPE eq "WORK"].Value"#, "value": "b@x.org"]])
        #expect(emails(result)[0]["value"] == "b@x.org")
    }

    @Test func createsTheElementEntraExpectsWhenNoneMatches() throws {
        let result = try patch([
            ["op": "Add", "path": #"phoneNumbers[type eq "mobile"].value"#, "value": "+1 555 0100"]
        ])
        #expect(result.resource["phoneNumbers"] == [["type": "mobile", "value": "+1 555 0100"]])
        #expect(result.rewrites.contains(#"operation 1: created a 'phoneNumbers' element matching [type eq "mobile"]"#))
        let replaced = try patch([["op": "replace", "path": #"emails[type eq "other"].value"#, "value": "o@x.org"]])
        #expect(emails(replaced).last == ["type": "other", "value": "o@x.org"])
    }

    @Test func answersNoTargetWhenNoElementMatchesAndNoneCanBeCreated() {
        let error = patchError([["op": "replace", "path": #"emails[value co "nobody"].type"#, "value": "work"]])
        #expect(error?.scimType == .noTarget)
        #expect(error?.detail == #"operation 1: no 'emails' value matches [value co "nobody"]"#)
    }

    @Test func replacesWholeMatchingElements() throws {
        let result = try patch([
            ["op": "replace", "path": #"emails[type eq "home"]"#, "value": ["value": "h@x.org", "type": "home"]]
        ])
        #expect(emails(result)[1] == ["value": "h@x.org", "type": "home"])
    }

    @Test func mergesIntoMatchingElementsOnAdd() throws {
        let result = try patch([["op": "add", "path": #"emails[type eq "home"]"#, "value": ["display": "Home"]]])
        #expect(emails(result)[1] == ["value": "babs@jensen.org", "type": "home", "display": "Home"])
    }

    @Test func setsSubAttributesOnEveryElementWithoutAFilter() throws {
        let result = try patch([["op": "replace", "path": "emails.display", "value": "x"]])
        #expect(emails(result).allSatisfy { $0["display"] == "x" })
        let created = try patch([["op": "add", "path": "addresses.locality", "value": "Hollywood"]])
        #expect(created.resource["addresses"] == [["locality": "Hollywood"]])
    }

    @Test func rejectsValueFiltersOnSingleValuedAttributes() {
        #expect(
            patchError([["op": "replace", "path": #"name[givenName eq "x"]"#, "value": ["givenName": "y"]]])?.scimType
                == .invalidPath)
        #expect(
            patchError([["op": "replace", "path": #"emails[kind eq "x"].value"#, "value": "y"]])?.detail
                == "operation 1: in the value filter of 'emails': unknown attribute 'kind' of 'emails'")
    }

    @Test func rejectsChangesToReadOnlyGroupsThroughFilters() {
        #expect(patchError([["op": "remove", "path": #"groups[value eq "g1"]"#]])?.scimType == .mutability)
    }
}
