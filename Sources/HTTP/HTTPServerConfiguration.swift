import Glibc

/// Every setting and limit of an ``HTTPServer``, with its default.
///
/// `HTTPServer<R>.Configuration` is this type. Each value can come from the environment through
/// ``fromEnvironment(_:base:)``:
///
/// | setting | default | environment variable | on overflow |
/// |---|---|---|---|
/// | `host` | `0.0.0.0` | `ROSTER_HTTP_HOST` | |
/// | `port` | `8080` (0 = any free port) | `ROSTER_HTTP_PORT` | |
/// | `workerCount` | 2 × cores + 2, at least 4 | `ROSTER_HTTP_WORKERS` | |
/// | `queueDepth` | 1024 requests | `ROSTER_HTTP_QUEUE_DEPTH` | `503` + `Retry-After: 1`, close |
/// | `maxHeadBytes` | 16 KiB (request line + headers) | `ROSTER_HTTP_MAX_HEAD_BYTES` | `431`, close |
/// | `maxHeaderCount` | 100 fields | `ROSTER_HTTP_MAX_HEADERS` | `431`, close |
/// | `maxBodyBytes` | 1 MiB | `ROSTER_HTTP_MAX_BODY_BYTES` | `413`, close |
/// | `idleTimeout` | 60 s between keep-alive requests (also a stalled write) | `ROSTER_HTTP_IDLE_TIMEOUT` | silent close |
/// | `requestTimeout` | 10 s from a request's first byte to its last | `ROSTER_HTTP_REQUEST_TIMEOUT` | `408`, close |
/// | `maxConnections` | 10,000 open connections | `ROSTER_HTTP_MAX_CONNECTIONS` | accept, `503`, close |
/// | `shutdownTimeout` | 10 s for in-flight requests on shutdown | `ROSTER_HTTP_SHUTDOWN_TIMEOUT` | connections closed |
/// | `backlog` | 1024 pending connects | `ROSTER_HTTP_BACKLOG` | kernel drops SYNs |
/// | `affinityDepth` | 16 requests waiting for their home worker | `ROSTER_HTTP_AFFINITY_DEPTH` | shared queue |
/// | `affinitySteal` | 20 ms on one request before an idle worker takes the requests waiting for it | `ROSTER_HTTP_AFFINITY_STEAL` | |
///
/// Timeouts are given in seconds in the environment (decimals allowed, e.g. `2.5`). Mind the process's
/// descriptor limit (`ulimit -n`): each connection holds one descriptor, so `maxConnections` above it
/// cannot be reached (accept then fails with `EMFILE` and the server pauses accepting briefly).
public struct HTTPServerConfiguration: Sendable {
    /// Address to listen on: an IPv4 or IPv6 literal, or a host name.
    public var host: String
    /// TCP port; `0` lets the kernel pick one (read it back from ``HTTPServer/port``).
    public var port: Int
    /// Number of worker threads that run the responder; fixed for the server's lifetime.
    public var workerCount: Int
    /// Requests that may wait for a worker; beyond it the server answers `503` without a worker.
    public var queueDepth: Int
    /// Limit on the request line plus header section, in bytes.
    public var maxHeadBytes: Int
    /// Limit on the number of header fields (and, separately, trailer fields).
    public var maxHeaderCount: Int
    /// Limit on the body, in bytes, after de-chunking.
    public var maxBodyBytes: Int
    /// How long an idle keep-alive connection (or a write the client does not read) may stay open.
    public var idleTimeout: Duration
    /// How long a request may take to arrive, from its first byte to its last (slowloris defence).
    public var requestTimeout: Duration
    /// Open connections allowed at once; extra connections are answered `503` and closed.
    public var maxConnections: Int
    /// Default grace period of ``HTTPServer/shutdown(deadline:)`` and of the signal handlers.
    public var shutdownTimeout: Duration
    /// `listen(2)` backlog.
    public var backlog: Int
    /// Builds the response the server sends on its own (400, 408, 413, 417, 431, 503, 505) from the
    /// status and a short, client-safe reason. The server keeps the status, adds `Connection: close`
    /// (and `Retry-After: 1` for 503) and closes the connection afterwards. Runs on the event-loop
    /// thread: keep it quick and non-blocking. The default is a one-line `text/plain` body.
    public var makeErrorResponse: @Sendable (_ status: Int, _ reason: String) -> HTTPResponse
    /// Answers cheap requests on the event-loop thread instead of the workers (nil: hand the request to a
    /// worker). For what must answer while every worker is busy or blocked, such as a liveness check. Runs on
    /// the event loop: it must be quick and must never block.
    public var inlineResponder: (@Sendable (HTTPRequest) -> HTTPResponse?)? = nil
    /// Groups requests by a key (for Roster, the organization's host name) so that each key's requests go
    /// to the same worker while it keeps up (see ``JobSchedule``); nil: any worker takes any request.
    /// Runs on the event loop: it must be quick and must never block.
    public var affinityKey: (@Sendable (HTTPRequest) -> UInt64?)? = nil
    /// With an ``affinityKey``: requests that may wait for their home worker before the rest go to any
    /// worker (0 turns affinity off).
    public var affinityDepth: Int = 16
    /// With an ``affinityKey``: how long a worker may be on one request before idle workers take the
    /// requests waiting for it (which have also waited at least this long).
    public var affinitySteal: Duration = .milliseconds(20)

    /// Creates a configuration; every parameter has the documented default.
    public init(
        host: String = "0.0.0.0",
        port: Int = 8080,
        workerCount: Int = HTTPServerConfiguration.defaultWorkerCount,
        queueDepth: Int = 1024,
        maxHeadBytes: Int = 16 * 1024,
        maxHeaderCount: Int = 100,
        maxBodyBytes: Int = 1024 * 1024,
        idleTimeout: Duration = .seconds(60),
        requestTimeout: Duration = .seconds(10),
        maxConnections: Int = 10_000,
        shutdownTimeout: Duration = .seconds(10),
        backlog: Int = 1024,
        makeErrorResponse: @escaping @Sendable (_ status: Int, _ reason: String) -> HTTPResponse =
            HTTPServerConfiguration.plainTextError
    ) {
        self.host = host
        self.port = port
        self.workerCount = workerCount
        self.queueDepth = queueDepth
        self.maxHeadBytes = maxHeadBytes
        self.maxHeaderCount = maxHeaderCount
        self.maxBodyBytes = maxBodyBytes
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.shutdownTimeout = shutdownTimeout
        self.backlog = backlog
        self.makeErrorResponse = makeErrorResponse
    }

    /// 2 × the number of online cores + 2, and at least 4.
    public static var defaultWorkerCount: Int {
        max(4, 2 * max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) + 2)
    }

    /// The default error body: `400 Bad Request: missing Host header` as `text/plain`.
    @Sendable
    public static func plainTextError(status: Int, reason: String) -> HTTPResponse {
        .text("\(status) \(HTTPResponse.reasonPhrase(for: status)): \(reason)\n", status: status)
    }

    /// The parser limits these settings imply.
    var parserLimits: RequestParser.Limits {
        RequestParser.Limits(maxHeadBytes: maxHeadBytes, maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes)
    }

    /// Checks every value's range; throws ``HTTPError/Code/invalidConfiguration`` naming the first bad one.
    public func validate() throws(HTTPError) {
        func check(_ ok: Bool, _ message: String) throws(HTTPError) {
            if !ok { throw HTTPError(.invalidConfiguration, message) }
        }
        try check(!host.isEmpty, "host must not be empty")
        try check((0...65535).contains(port), "port must be between 0 and 65535")
        try check((1...4096).contains(workerCount), "workerCount must be between 1 and 4096")
        try check((1...1_000_000).contains(queueDepth), "queueDepth must be between 1 and 1000000")
        try check((256...(1 << 20)).contains(maxHeadBytes), "maxHeadBytes must be between 256 and 1048576")
        try check((1...10_000).contains(maxHeaderCount), "maxHeaderCount must be between 1 and 10000")
        try check((0...(1 << 34)).contains(maxBodyBytes), "maxBodyBytes must be between 0 and 17179869184")
        try check(idleTimeout > .zero, "idleTimeout must be positive")
        try check(requestTimeout > .zero, "requestTimeout must be positive")
        try check((1...10_000_000).contains(maxConnections), "maxConnections must be between 1 and 10000000")
        try check(shutdownTimeout >= .zero, "shutdownTimeout must not be negative")
        try check((1...65535).contains(backlog), "backlog must be between 1 and 65535")
        try check((0...1024).contains(affinityDepth), "affinityDepth must be between 0 and 1024")
        try check(affinitySteal >= .zero, "affinitySteal must not be negative")
    }
}
