/// A response produced by an ``HTTPResponder``.
///
/// The server owns the framing headers: it always writes `Content-Length` (from `body`), `Date`, and
/// `Connection` when needed, and ignores those names (and `Transfer-Encoding`) if a handler sets them.
/// A handler may ask to close the connection by setting `Connection: close`. Header names that are not
/// tokens are dropped and CR, LF, NUL and other control bytes in values become spaces, so no request data
/// copied into a header can split the response.
public struct HTTPResponse: Sendable, Equatable {
    /// The status code (200…999). Anything outside, and any 1xx, is sent as `500`.
    public var status: Int
    /// Header fields to send, in order.
    public var headers: HTTPHeaders
    /// The body; not sent for `HEAD` requests, `204` and `304`.
    public var body: [UInt8]

    /// Creates a response from bytes.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Creates a response whose body is the UTF-8 bytes of `body`.
    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: String) {
        self.init(status: status, headers: headers, body: Array(body.utf8))
    }

    /// A `text/plain; charset=utf-8` response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: text)
    }

    /// The reason phrase sent on the status line for `status` (RFC 9110 §15), or `Unknown`.
    public static func reasonPhrase(for status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 201: return "Created"
        case 202: return "Accepted"
        case 204: return "No Content"
        case 301: return "Moved Permanently"
        case 302: return "Found"
        case 304: return "Not Modified"
        case 307: return "Temporary Redirect"
        case 308: return "Permanent Redirect"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 406: return "Not Acceptable"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 410: return "Gone"
        case 411: return "Length Required"
        case 412: return "Precondition Failed"
        case 413: return "Content Too Large"
        case 414: return "URI Too Long"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 428: return "Precondition Required"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        case 505: return "HTTP Version Not Supported"
        default: return "Unknown"
        }
    }
}
