import Dispatch
import Glibc
import HTTP

/// Test settings: loopback, a free port, small limits where a test needs them.
func testConfiguration(
    workers: Int = 4, queueDepth: Int = 64, maxBodyBytes: Int = 64 * 1024, maxHeadBytes: Int = 4096,
    maxHeaderCount: Int = 20, idleTimeout: Duration = .seconds(30), requestTimeout: Duration = .seconds(10),
    maxConnections: Int = 10_000
) -> HTTPServerConfiguration {
    HTTPServerConfiguration(
        host: "127.0.0.1", port: 0, workerCount: workers, queueDepth: queueDepth, maxHeadBytes: maxHeadBytes,
        maxHeaderCount: maxHeaderCount, maxBodyBytes: maxBodyBytes, idleTimeout: idleTimeout,
        requestTimeout: requestTimeout, maxConnections: maxConnections, shutdownTimeout: .seconds(5))
}

/// Runs `body` against a started server, then shuts it down.
func withServer<Result>(
    _ configuration: HTTPServerConfiguration = testConfiguration(),
    responder: TestResponder = TestResponder(),
    _ body: (HTTPServer<TestResponder>) throws -> Result
) throws -> Result {
    let server = HTTPServer(configuration: configuration, responder: responder)
    try server.start()
    defer {
        responder.gate.open(times: 64)
        server.shutdown(deadline: .now + .seconds(5))
    }
    return try body(server)
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
@discardableResult
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(5000)
    }
    return condition()
}

/// Raises the soft descriptor limit so hundreds of connections (two descriptors each, in-process) fit.
func raiseDescriptorLimit(to wanted: UInt) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < wanted else { return }
    limit.rlim_cur = min(wanted, limit.rlim_max)
    setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// A request with Host and optional extra header lines.
func request(
    _ method: String = "GET", _ target: String, headers: [String] = [], body: String? = nil
) -> String {
    var text = "\(method) \(target) HTTP/1.1\r\nHost: test.local\r\n"
    for header in headers { text += header + "\r\n" }
    if let body { text += "Content-Length: \(body.utf8.count)\r\n\r\n" + body } else { text += "\r\n" }
    return text
}
