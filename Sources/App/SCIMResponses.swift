import HTTP
import SCIM

/// Builds the server's responses: SCIM JSON with `Content-Type: application/scim+json`.
enum SCIMResponses {
    static let contentType = "application/scim+json"

    /// The exact body the product documents for a missing or bad token.
    static let unauthorizedBody = Array(
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"SCIM request not authorized","status":"401"}"#
            .utf8)

    /// A SCIM resource or message.
    static func json(_ value: JSONValue, status: Int = 200, headers extra: [(String, String)] = []) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        for (name, value) in extra { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: value.serialized())
    }

    /// Already serialized SCIM JSON.
    static func bytes(_ body: [UInt8], status: Int = 200) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// A SCIM error body (RFC 7644 §3.12) with its status; 503 and 429 get `Retry-After`.
    static func error(_ error: SCIMError) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", contentType)
        if error.status == 503 || error.status == 429 { headers.add("Retry-After", "1") }
        if error.status == 401 {
            headers.add("WWW-Authenticate", "Bearer")
            return HTTPResponse(status: 401, headers: headers, body: unauthorizedBody)
        }
        return HTTPResponse(status: error.status, headers: headers, body: error.body.serialized())
    }

    /// 401 with the documented body and `WWW-Authenticate: Bearer`.
    static var unauthorized: HTTPResponse {
        error(SCIMError(status: 401, scimType: nil, detail: "SCIM request not authorized"))
    }
}
