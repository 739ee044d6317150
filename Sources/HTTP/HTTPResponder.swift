/// The application side of the server: turns a request into a response, on a worker thread.
///
/// Each of the server's worker threads calls ``makeWorkerState(workerIndex:)`` once, on that thread, before
/// it serves its first request, and then passes that state to every ``respond(to:state:)`` it runs. The
/// state never leaves its thread, so it may own things that must not be shared, such as a database
/// connection. `respond` may block (it runs on a dedicated thread, never on the event loop).
///
/// A tiny responder, also usable as a benchmark target:
/// ```swift
/// struct Hello: HTTPResponder {
///     func makeWorkerState(workerIndex: Int) {}
///     func respond(to request: HTTPRequest, state: Void) -> HTTPResponse {
///         .text("hello\n")
///     }
/// }
/// let server = HTTPServer(configuration: .init(port: 8080), responder: Hello())
/// try server.start()
/// server.installSignalHandlers()
/// server.waitUntilStopped()
/// ```
public protocol HTTPResponder: Sendable {
    /// Per-thread state, created on the worker thread that uses it and never shared.
    associatedtype WorkerState

    /// Creates the state of worker `workerIndex` (0-based); called once, on that worker's thread.
    func makeWorkerState(workerIndex: Int) -> WorkerState

    /// Answers one request. `HEAD` requests arrive with method `.head`; answer them like `GET`, and the
    /// server sends the headers (including the body's `Content-Length`) without the body.
    func respond(to request: HTTPRequest, state: WorkerState) -> HTTPResponse
}
