/// An incremental HTTP/1.x request parser: a value-type state machine with limits, and no I/O.
///
/// Feed it bytes as they arrive with ``feed(_:)-(UnsafeRawBufferPointer)``, then call ``next()`` until it
/// returns ``Event/needMore``. After a ``Event/request(_:)``, bytes already buffered (pipelined requests)
/// stay buffered; call ``next()`` again once the response is written. After an ``Event/error(_:)`` the
/// parser stays failed: answer with the error's status and close the connection.
///
/// Strictness (RFC 9112): lines end in CRLF (a bare CR or LF is an error), no NUL anywhere, no obs-fold,
/// no whitespace before a header colon, exactly one `Host` in HTTP/1.1, at most one `Content-Length`,
/// never both `Content-Length` and `Transfer-Encoding`, and `Transfer-Encoding` may only be `chunked`.
/// Request targets must be origin-form (`/…`), or `*` for `OPTIONS`; absolute-form and authority-form
/// are refused with `400`. No input can make it trap: every index is checked before use.
public struct RequestParser: Sendable {
    /// The size limits the parser enforces.
    public struct Limits: Sendable, Equatable {
        /// Bytes of request line plus header section, CRLFs included (→ `431`).
        public var maxHeadBytes: Int
        /// Number of header fields, and of trailer fields (→ `431`).
        public var maxHeaderCount: Int
        /// Bytes of body after de-chunking (→ `413`).
        public var maxBodyBytes: Int
        /// Bytes of one chunk-size line including extensions (→ `400`).
        public var maxChunkLineBytes: Int

        /// Creates limits; the defaults are the server's defaults.
        public init(
            maxHeadBytes: Int = 16 * 1024, maxHeaderCount: Int = 100, maxBodyBytes: Int = 1024 * 1024,
            maxChunkLineBytes: Int = 1024
        ) {
            self.maxHeadBytes = maxHeadBytes
            self.maxHeaderCount = maxHeaderCount
            self.maxBodyBytes = maxBodyBytes
            self.maxChunkLineBytes = maxChunkLineBytes
        }
    }

    /// What the parser can tell after being fed.
    public enum Event: Sendable, Equatable {
        /// Nothing complete yet: read more bytes.
        case needMore
        /// The head of a request with `Expect: 100-continue` was accepted and its body has not started:
        /// send `HTTP/1.1 100 Continue`, then read more.
        case continueExpected
        /// A complete request. `remoteAddress` is empty and `receivedAt` is the parse time; the caller
        /// fills them in.
        case request(HTTPRequest)
        /// The input is invalid or too large; answer `error.status` and close.
        case error(HTTPError)
    }

    enum Phase: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers(bytes: Int, count: Int)
        case failed(HTTPError)
    }

    /// The limits in force.
    public let limits: Limits

    /// Received bytes; `buffer[start...]` is not consumed yet.
    var buffer: [UInt8] = []
    var start = 0
    var phase: Phase = .head
    /// How far past `start` the current line search has looked, so no byte is scanned twice.
    var scanned = 0
    /// Where the current header line begins, relative to `start` (head phase only).
    var lineStart = 0
    /// Empty lines skipped before the request line; they count towards the head limit.
    var skippedBytes = 0
    var head: RequestHead?
    var body: [UInt8] = []

    /// Creates a parser with `limits`.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// The number of received bytes not consumed yet.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Whether some part of a request has been received but not returned yet.
    public var isMidRequest: Bool {
        if case .head = phase { return bufferedByteCount > 0 || skippedBytes > 0 }
        return true
    }

    /// Appends received bytes.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Appends received bytes.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// Advances as far as the buffered bytes allow and reports what happened.
    public mutating func next() -> Event {
        while true {
            switch phase {
            case .failed(let error):
                return .error(error)
            case .head:
                switch scanHead() {
                case .needMore:
                    return .needMore
                case .failure(let error):
                    return fail(error)
                case .complete(let end):
                    if let event = beginRequest(headEnd: end) { return event }
                }
            case .fixedBody(let remaining):
                let take = min(remaining, bufferedByteCount)
                if take > 0 {
                    body.append(contentsOf: buffer[start..<(start + take)])
                    start += take
                }
                if take == remaining { return finishRequest() }
                phase = .fixedBody(remaining: remaining - take)
                return .needMore
            case .chunkSize, .chunkData, .chunkDataEnd, .trailers:
                switch advanceChunked() {
                case .needMore: return .needMore
                case .failure(let error): return fail(error)
                case .complete: return finishRequest()
                }
            }
        }
    }

    mutating func fail(_ error: HTTPError) -> Event {
        phase = .failed(error)
        head = nil
        body = []
        return .error(error)
    }

    /// Parses and checks the head that ends at `headEnd`, consumes it, and picks the body phase.
    /// Returns the event to report now, or `nil` to keep going.
    private mutating func beginRequest(headEnd: Int) -> Event? {
        let parsed = Self.parseHead(buffer, from: start, to: headEnd, limits: limits)
        start = headEnd
        scanned = 0
        lineStart = 0
        skippedBytes = 0
        let head: RequestHead
        switch parsed {
        case .success(let value): head = value
        case .failure(let error): return fail(error)
        }
        self.head = head
        switch head.framing {
        case .none:
            phase = .fixedBody(remaining: 0)
            return nil
        case .length(let length):
            // Reserve what is likely to arrive soon, not what a client merely declared.
            body.reserveCapacity(min(length, 64 * 1024))
            phase = .fixedBody(remaining: length)
            if length > 0 && head.expectsContinue && bufferedByteCount == 0 { return .continueExpected }
            return nil
        case .chunked:
            phase = .chunkSize
            if head.expectsContinue && bufferedByteCount == 0 { return .continueExpected }
            return nil
        }
    }

    /// Builds the finished request and resets for the next one.
    private mutating func finishRequest() -> Event {
        guard let head else {
            return fail(.badRequest("internal parser state"))
        }
        var request = HTTPRequest(
            method: head.method, target: head.target, version: head.version, headers: head.headers,
            body: body)
        request.isKeepAlive = head.isKeepAlive
        self.head = nil
        body = []
        phase = .head
        scanned = 0
        lineStart = 0
        return .request(request)
    }

    /// Drops consumed bytes so the buffer does not grow with the connection's lifetime, and gives
    /// memory back when nothing is pending (an idle keep-alive connection should cost little).
    private mutating func compact() {
        guard start > 0 else { return }
        if start >= buffer.count {
            if buffer.capacity > 4096 {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            start = 0
        } else if start >= 4096 && start * 2 >= buffer.count {
            buffer.removeSubrange(0..<start)
            start = 0
        }
    }

    /// Releases buffer memory if every received byte has been consumed.
    public mutating func releaseMemoryIfIdle() {
        if case .head = phase, bufferedByteCount == 0 { compact() }
    }
}
