import Testing

@testable import SCIM

@Suite struct PatchRequestTests {
    private func body(_ operations: JSONValue) -> JSONValue {
        ["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": operations]
    }

    private func failure(_ body: JSONValue, limits: PatchLimits = .default) -> SCIMError? {
        do {
            _ = try PatchRequest.parse(body: body, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func parsesOperationsInOrder() throws {
        let request = try PatchRequest.parse(
            body: body([
                ["op": "add", "path": "nickName", "value": "Babs"],
                ["op": "remove", "path": #"members[value eq "x"]"#],
                ["op": "replace", "value": ["active": false]],
            ]))
        #expect(request.operations.count == 3)
        #expect(
            request.operations[0] == PatchOperation(op: .add, path: try PatchPath(parsing: "nickName"), value: "Babs"))
        #expect(request.operations[1].op == .remove)
        #expect(request.operations[1].path?.filter != nil)
        #expect(request.operations[2].path == nil)
        #expect(request.rewrites.isEmpty)
    }

    @Test func normalisesCapitalisedOpsAndRecordsIt() throws {
        let request = try PatchRequest.parse(
            body: body([
                ["op": "Replace", "path": "active", "value": "False"], ["op": "ADD", "path": "title", "value": "x"],
            ]))
        #expect(request.operations.map(\.op) == [.replace, .add])
        #expect(
            request.rewrites == ["operation 1: op 'Replace' read as 'replace'", "operation 2: op 'ADD' read as 'add'"])
    }

    @Test func readsKeysCaseInsensitively() throws {
        let request = try PatchRequest.parse(
            body: [
                "SCHEMAS": ["urn:ietf:params:scim:api:messages:2.0:patchop"],
                "operations": [["OP": "remove", "Path": "title"]],
            ])
        #expect(request.operations.first?.path?.attribute.name == "title")
    }

    @Test func rejectsBodiesWithoutPatchOpSchema() {
        #expect(failure(["Operations": [["op": "remove", "path": "title"]]])?.scimType == .invalidSyntax)
        #expect(
            failure([
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "Operations": [["op": "remove", "path": "x"]],
            ])?
            .detail == "PATCH body must list \"urn:ietf:params:scim:api:messages:2.0:PatchOp\" in schemas")
        #expect(failure([1, 2])?.detail == "PATCH body must be a JSON object")
    }

    @Test func rejectsEmptyOrMissingOperations() {
        #expect(failure(body([]))?.detail == "PATCH body needs a non-empty \"Operations\" array")
        #expect(failure(["schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]])?.scimType == .invalidSyntax)
        #expect(failure(body(["op": "add"]))?.scimType == .invalidSyntax)
    }

    @Test func rejectsTooManyOperations() {
        let operations = JSONValue.array(Array(repeating: ["op": "remove", "path": "title"], count: 4))
        #expect(
            failure(body(operations), limits: PatchLimits(maxOperations: 3))?.detail
                == "PATCH body has 4 operations; at most 3 are allowed")
        #expect(failure(body(operations), limits: PatchLimits(maxOperations: 4)) == nil)
        #expect(PatchLimits.default.maxOperations == 1000)
    }

    @Test func rejectsUnknownOps() {
        #expect(
            failure(body([["op": "move", "path": "title"]]))?.detail
                == "operation 1: unknown op 'move'; expected add, remove or replace")
        #expect(failure(body([["path": "title"]]))?.scimType == .invalidSyntax)
        #expect(failure(body([["op": true, "path": "title"]]))?.scimType == .invalidSyntax)
        #expect(failure(body(["x"]))?.detail == "operation 1 must be a JSON object")
    }

    @Test func rejectsMissingValues() {
        let error = failure(body([["op": "add", "path": "title"]]))
        #expect(error?.scimType == .invalidValue)
        #expect(error?.detail == "operation 1: 'add' needs a value")
    }

    @Test func rejectsMalformedPaths() {
        let error = failure(body([["op": "remove", "path": #"emails[type eq "work""#]]))
        #expect(error?.scimType == .invalidPath)
        #expect(
            error?.detail
                == #"operation 1: invalid path 'emails[type eq "work"': at character 22: expected ']', found the end of the filter"#
        )
        #expect(failure(body([["op": "remove", "path": 5]]))?.scimType == .invalidPath)
    }

    @Test func readsEmptyPathAsNoPath() throws {
        let request = try PatchRequest.parse(body: body([["op": "replace", "path": "", "value": ["active": true]]]))
        #expect(request.operations[0].path == nil)
        #expect(request.rewrites == ["operation 1: empty path read as no path"])
    }
}
