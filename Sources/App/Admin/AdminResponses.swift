import HTTP
import SCIM

/// Builds the admin listener's JSON responses.
enum AdminResponses {
    /// A JSON body (`application/json`), never cached.
    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        headers.add("Cache-Control", "no-store")
        return HTTPResponse(status: status, headers: headers, body: value.serialized())
    }
}
