/// The validated head of a request: request line, headers, and what they say about the body.
struct RequestHead: Sendable, Equatable {
    /// How the body is delimited (RFC 9112 §6.3).
    enum Framing: Sendable, Equatable {
        case none
        case length(Int)
        case chunked
    }

    var method: HTTPMethod
    var target: String
    var version: HTTPVersion
    var headers: HTTPHeaders
    var framing: Framing
    var expectsContinue: Bool
    var isKeepAlive: Bool
}

/// The result of looking for the end of something in the buffer.
enum ScanResult: Equatable {
    case needMore
    case complete(Int)
    case failure(HTTPError)
}
