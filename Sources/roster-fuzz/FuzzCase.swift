/// One generated request: its bytes and how to send it.
struct FuzzCase: Sendable {
    /// How the request is sent and what counts as a correct outcome.
    enum Delivery: Sendable {
        /// Well framed: sent on a kept-alive connection; exactly one response must come back.
        case keepAlive
        /// Possibly broken framing: sent on a fresh connection that is then half-closed; every response that
        /// comes back must be well formed, and a close without a response is fine.
        case raw
    }

    /// The case number within the run (with the seed, all it takes to make it again).
    let index: Int
    /// Which template it grew from (for the statistics).
    let kind: String
    /// The exact bytes sent.
    let bytes: [UInt8]
    let delivery: Delivery
    /// Whether the first request is a `HEAD` (its response has no body).
    let isHead: Bool
}

/// A request before serialization: the parts the structural mutations work on.
struct RequestSpec {
    var method: String
    /// The request target: path and query, already encoded.
    var target: String
    var version = "HTTP/1.1"
    var headers: [(String, String)]
    var body: [UInt8]?
    /// How the body is framed.
    var framing = Framing.contentLength
    /// Set by any mutation after which the framing can no longer be trusted.
    var isRaw = false

    enum Framing {
        case contentLength
        /// Valid chunked encoding with chunks of at most `size` bytes, optional extensions and trailers.
        case chunked(size: Int, extensions: Bool, trailers: Bool)
        /// Headers and body bytes exactly as given (framing mutations build these).
        case verbatim
    }

    /// The request bytes.
    func serialize() -> [UInt8] {
        var head = "\(method) \(target) \(version)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        var out: [UInt8] = []
        let payload = body ?? []
        switch framing {
        case .contentLength:
            if body != nil { head += "Content-Length: \(payload.count)\r\n" }
            out = Array((head + "\r\n").utf8) + payload
        case .chunked(let size, let extensions, let trailers):
            head += "Transfer-Encoding: chunked\r\n\r\n"
            out = Array(head.utf8)
            var offset = 0
            while offset < payload.count {
                let end = min(payload.count, offset + max(1, size))
                out += Array("\(String(end - offset, radix: 16))\(extensions ? ";ext=\"v\"" : "")\r\n".utf8)
                out += payload[offset..<end]
                out += Array("\r\n".utf8)
                offset = end
            }
            out += Array("0\r\n\(trailers ? "X-Trailer: t\r\n" : "")\r\n".utf8)
        case .verbatim:
            out = Array((head + "\r\n").utf8) + payload
        }
        return out
    }

    /// Whether any part of the head holds a byte that could end a line early.
    var headHasLineBreaks: Bool {
        let parts = [method, target, version] + headers.flatMap { [$0.0, $0.1] }
        return parts.contains { $0.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A }) }
    }

    mutating func removeHeader(_ name: String) {
        headers.removeAll { $0.0.lowercased() == name.lowercased() }
    }

    mutating func setHeader(_ name: String, _ value: String) {
        removeHeader(name)
        headers.append((name, value))
    }
}
