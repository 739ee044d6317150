/// Identifies one connection across threads: its descriptor plus a serial number, so a late completion
/// can never be applied to a newer connection that reuses the descriptor.
struct ConnectionID: Hashable, Sendable {
    let fd: Int32
    let serial: UInt64
}

/// A complete request handed from the event loop to a worker.
struct Job: Sendable {
    let connection: ConnectionID
    let request: HTTPRequest
}

/// A serialized response handed from a worker back to the event loop.
struct Completion: Sendable {
    let connection: ConnectionID
    let bytes: [UInt8]
    /// Whether `bytes` let the connection stay open.
    let keepAlive: Bool
    /// The response and request facts, to re-serialize with `Connection: close` if shutdown began
    /// between the worker's check and the write.
    let response: HTTPResponse
    let isHeadRequest: Bool
    let version: HTTPVersion
}
