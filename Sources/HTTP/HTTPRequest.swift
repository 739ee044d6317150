/// A complete, validated HTTP/1.x request, as handed to an ``HTTPResponder``.
///
/// Nothing is decoded: `target`, `path` and `query` are the raw bytes of the request target
/// (percent-escapes kept), so the application decides how and when to decode.
public struct HTTPRequest: Sendable, Equatable {
    /// The method, e.g. `.get`.
    public var method: HTTPMethod
    /// The raw request target, e.g. `/Users?filter=userName%20eq%20%22a%22`, or `*` for `OPTIONS *`.
    public var target: String
    /// The target up to (not including) the first `?`. Not percent-decoded.
    public var path: String
    /// The target after the first `?`, or `nil` when there is no `?`. Not percent-decoded.
    public var query: String?
    /// The version of the request line.
    public var version: HTTPVersion
    /// The header fields in arrival order, repeated names kept.
    public var headers: HTTPHeaders
    /// The body, de-chunked if it arrived chunked; empty when there is none.
    public var body: [UInt8]
    /// The peer's IP address (`127.0.0.1`, `::1`), or an empty string when unknown.
    public var remoteAddress: String
    /// When the first byte of this request arrived (monotonic clock, for durations in access logs).
    public var receivedAt: ContinuousClock.Instant
    /// Whether the client lets the connection stay open after this response: HTTP/1.1 unless it sent
    /// `Connection: close`; HTTP/1.0 only when it sent `Connection: keep-alive`.
    public var isKeepAlive: Bool

    /// Creates a request; `path`, `query` and `isKeepAlive` are derived from the other values.
    public init(
        method: HTTPMethod,
        target: String,
        version: HTTPVersion = .http1_1,
        headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [],
        remoteAddress: String = "",
        receivedAt: ContinuousClock.Instant = .now
    ) {
        self.method = method
        self.target = target
        if let mark = target.utf8.firstIndex(of: ASCII.question) {
            self.path = String(target[..<mark])
            self.query = String(target[target.utf8.index(after: mark)...])
        } else {
            self.path = target
            self.query = nil
        }
        self.version = version
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.receivedAt = receivedAt
        self.isKeepAlive = Self.keepAlive(version: version, headers: headers)
    }

    /// The body decoded as UTF-8 (invalid sequences replaced), for handlers that want text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// RFC 9112 §9.3: persistence from the version and the `Connection` options.
    static func keepAlive(version: HTTPVersion, headers: HTTPHeaders) -> Bool {
        var hasClose = false
        var hasKeepAlive = false
        for value in headers.values("Connection") {
            for option in value.split(separator: ",") {
                let token = option.trimmingASCIIWhitespace()
                if ASCII.equalsIgnoringCase(token.utf8, "close") { hasClose = true }
                if ASCII.equalsIgnoringCase(token.utf8, "keep-alive") { hasKeepAlive = true }
            }
        }
        if hasClose { return false }
        return version.isAtLeastHTTP11 || hasKeepAlive
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> Substring {
        var result = self
        while let first = result.utf8.first, ASCII.isWhitespace(first) { result = result.dropFirst() }
        while let last = result.utf8.last, ASCII.isWhitespace(last) { result = result.dropLast() }
        return result
    }
}
