import Testing

@testable import SCIM

@Suite struct SCIMErrorTests {
    @Test func rendersUnauthorizedBodyExactly() {
        let expected =
            #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"SCIM request not authorized","status":"401"}"#
        #expect(String(decoding: SCIMError.unauthorized.serialized(), as: UTF8.self) == expected)
        #expect(SCIMError.unauthorized.status == 401)
    }

    @Test func rendersStatusAsStringAndScimType() {
        let error = SCIMError.invalidFilter("at character 17: expected a comparison operator")
        #expect(error.body["status"] == "400")
        #expect(error.body["scimType"] == "invalidFilter")
        #expect(error.body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"])
        #expect(
            String(json: error.body)
                == #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"invalidFilter","#
                + #""detail":"at character 17: expected a comparison operator","status":"400"}"#)
    }

    @Test func omitsScimTypeWhenNil() {
        let error = SCIMError.notFound("User 42 not found")
        #expect(error.body["scimType"] == nil)
        #expect(error.body.objectValue?.keys == ["schemas", "detail", "status"])
    }

    @Test func mapsConstructorsToStatusesAndTypes() {
        let cases: [(SCIMError, Int, SCIMType?)] = [
            (.invalidFilter("x"), 400, .invalidFilter), (.tooMany("x"), 400, .tooMany),
            (.uniqueness("x"), 409, .uniqueness), (.mutability("x"), 400, .mutability),
            (.invalidSyntax("x"), 400, .invalidSyntax), (.invalidPath("x"), 400, .invalidPath),
            (.noTarget("x"), 400, .noTarget), (.invalidValue("x"), 400, .invalidValue),
            (.invalidVersion("x"), 400, .invalidVers), (.sensitive("x"), 403, .sensitive),
            (.badRequest("x"), 400, nil), (.forbidden("x"), 403, nil), (.notFound("x"), 404, nil),
            (.conflict("x"), 409, nil), (.preconditionFailed("x"), 412, nil), (.payloadTooLarge("x"), 413, nil),
            (.notImplemented("x"), 501, nil), (.internalError(debugDetail: "x"), 500, nil),
        ]
        for (error, status, type) in cases {
            #expect(error.status == status)
            #expect(error.scimType == type)
        }
    }

    @Test func keepsDebugDetailOutOfTheBody() {
        let error = SCIMError.internalError(debugDetail: "relation org_acme.users does not exist")
        #expect(error.detail == "Internal server error")
        #expect(!String(json: error.body).contains("relation"))
        #expect(error.debugDescription.contains("relation"))
        #expect(!error.description.contains("relation"))
    }

    @Test func wrapsJSONParseErrorsAsInvalidSyntax() {
        do {
            _ = try JSONValue.parse("{\"a\":}")
            Issue.record("expected an error")
        } catch {
            let scimError = SCIMError(error)
            #expect(scimError.status == 400)
            #expect(scimError.scimType == .invalidSyntax)
            #expect(scimError.detail == "Request body is not valid JSON: at byte 5: unexpected '}', expected a value")
        }
    }
}
