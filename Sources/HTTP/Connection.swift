/// One accepted connection, owned by the event loop and used only on its thread.
///
/// Lifecycle: `reading` → (request complete) `processing` → (response ready) `writing` → `reading` again
/// for keep-alive, or `lingering` → closed. A connection never has more than one request with a
/// worker, and is not read while it has one, so pipelined requests wait, in order, in the parser.
final class Connection {
    /// Where the connection is in its lifecycle.
    enum State {
        /// Waiting for, or receiving, a request.
        case reading
        /// A request is with a worker.
        case processing
        /// Output is pending; `then` is the step after the last byte is sent.
        case writing(then: AfterWrite)
        /// The final response and FIN are sent; input is read and dropped until the peer closes or the
        /// time is up, so unread input does not turn the close into a reset that destroys the response.
        case lingering(until: ContinuousClock.Instant)
        /// Closed; the object may still be referenced by a caller up the stack.
        case closed
    }

    /// What follows a completed write.
    enum AfterWrite {
        /// Keep-alive: parse buffered bytes, then read the next request.
        case nextRequest
        /// A `100 Continue` went out: go on reading the body of the same request.
        case requestBody
        /// Close (after lingering).
        case close
    }

    let id: ConnectionID
    let remoteAddress: String
    var parser: RequestParser
    var state: State = .reading
    /// Bytes to send, and how many of them are sent.
    var output: [UInt8] = []
    var outputSent = 0
    /// Edge-triggered epoll: input may be waiting until a read says otherwise.
    var mayRead = true
    /// The peer closed its sending side (`EPOLLRDHUP`): read until end-of-stream.
    var inputClosed = false
    /// The socket reported an error or a full hang-up: nothing more can be delivered.
    var peerGone = false
    /// When the first byte of the request being received arrived (`nil`: idle).
    var requestStartedAt: ContinuousClock.Instant?
    /// The last time the connection became idle or made write progress.
    var lastActivity: ContinuousClock.Instant

    init(id: ConnectionID, remoteAddress: String, limits: RequestParser.Limits, now: ContinuousClock.Instant) {
        self.id = id
        self.remoteAddress = remoteAddress
        self.parser = RequestParser(limits: limits)
        self.lastActivity = now
    }

    var fd: Int32 { id.fd }
}
