/// One HTTP request of a scenario, with the statuses that count as success.
public struct BenchRequest: Sendable, Equatable {
    /// `GET`, `POST`, `PUT`, `PATCH`.
    public var method: String
    /// Path and query, already percent-encoded.
    public var path: String
    /// The organization's host name (the `Host` header).
    public var host: String
    /// The bearer token.
    public var token: String
    /// The JSON body, if any.
    public var body: [UInt8]?
    /// Statuses that are not errors for this request.
    public var expected: Set<Int>

    /// A request.
    public init(
        method: String, path: String, host: String, token: String, body: [UInt8]? = nil, expected: Set<Int> = [200]
    ) {
        self.method = method
        self.path = path
        self.host = host
        self.token = token
        self.body = body
        self.expected = expected
    }

    /// The bytes on the wire: HTTP/1.1 with keep-alive.
    public func serialized() -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: roster-bench\r\n"
        if !token.isEmpty { head += "Authorization: Bearer \(token)\r\n" }
        head += "Accept: application/scim+json\r\n"
        if let body {
            head += "Content-Type: application/scim+json\r\nContent-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if let body { bytes += body }
        return bytes
    }
}

/// What the load generator hands back to a scenario after each request.
public struct BenchResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The `Location` header, if any.
    public var location: String?
    /// The body (kept only when the scenario asks for bodies; see `bodySize`).
    public var body: [UInt8]
    /// The body's length in bytes.
    public var bodySize: Int

    /// A response.
    public init(status: Int, location: String? = nil, body: [UInt8] = [], bodySize: Int? = nil) {
        self.status = status
        self.location = location
        self.body = body
        self.bodySize = bodySize ?? body.count
    }

    /// The resource id: the last path segment of `Location`, or the first `"id":"…"` of the body.
    public var resourceID: String? {
        if let location, let slash = location.lastIndex(of: "/") {
            let id = location[location.index(after: slash)...]
            if !id.isEmpty { return String(id) }
        }
        let key = Array("\"id\":\"".utf8)
        guard body.count > key.count else { return nil }
        var index = 0
        while index + key.count <= body.count {
            if body[index..<(index + key.count)].elementsEqual(key) {
                let start = index + key.count
                guard let end = body[start...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return String(decoding: body[start..<end], as: UTF8.self)
            }
            index += 1
        }
        return nil
    }
}
