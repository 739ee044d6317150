import Testing

@testable import HTTP

@Suite struct HTTPServerConfigurationTests {
    @Test func defaultsAreDocumentedValues() throws {
        let configuration = HTTPServerConfiguration()
        #expect(configuration.host == "0.0.0.0")
        #expect(configuration.port == 8080)
        #expect(configuration.workerCount >= 4)
        #expect(configuration.queueDepth == 1024)
        #expect(configuration.maxHeadBytes == 16 * 1024)
        #expect(configuration.maxHeaderCount == 100)
        #expect(configuration.maxBodyBytes == 1024 * 1024)
        #expect(configuration.idleTimeout == .seconds(60))
        #expect(configuration.requestTimeout == .seconds(10))
        #expect(configuration.maxConnections == 10_000)
        #expect(configuration.shutdownTimeout == .seconds(10))
        try configuration.validate()
    }

    @Test func readsEveryVariable() throws {
        let configuration = try HTTPServerConfiguration.fromEnvironment([
            "ROSTER_HTTP_HOST": " 127.0.0.1 ", "ROSTER_HTTP_PORT": "0", "ROSTER_HTTP_WORKERS": "3",
            "ROSTER_HTTP_QUEUE_DEPTH": "7", "ROSTER_HTTP_MAX_HEAD_BYTES": "8192", "ROSTER_HTTP_MAX_HEADERS": "50",
            "ROSTER_HTTP_MAX_BODY_BYTES": "2048", "ROSTER_HTTP_IDLE_TIMEOUT": "2.5",
            "ROSTER_HTTP_REQUEST_TIMEOUT": "4", "ROSTER_HTTP_MAX_CONNECTIONS": "99",
            "ROSTER_HTTP_SHUTDOWN_TIMEOUT": "0", "ROSTER_HTTP_BACKLOG": "16", "UNRELATED": "x",
        ])
        #expect(configuration.host == "127.0.0.1")
        #expect(configuration.port == 0)
        #expect(configuration.workerCount == 3)
        #expect(configuration.queueDepth == 7)
        #expect(configuration.maxHeadBytes == 8192)
        #expect(configuration.maxHeaderCount == 50)
        #expect(configuration.maxBodyBytes == 2048)
        #expect(configuration.idleTimeout == .milliseconds(2500))
        #expect(configuration.requestTimeout == .seconds(4))
        #expect(configuration.maxConnections == 99)
        #expect(configuration.shutdownTimeout == .zero)
        #expect(configuration.backlog == 16)
    }

    @Test func keepsTheBaseForUnsetOrEmptyVariables() throws {
        let base = HTTPServerConfiguration(port: 9999, workerCount: 2)
        let configuration = try HTTPServerConfiguration.fromEnvironment(["ROSTER_HTTP_WORKERS": ""], base: base)
        #expect(configuration.port == 9999)
        #expect(configuration.workerCount == 2)
    }

    static let badValues: [(String, String, String)] = [
        ("ROSTER_HTTP_WORKERS", "abc", "ROSTER_HTTP_WORKERS must be an integer between 1 and 4096, got \"abc\""),
        ("ROSTER_HTTP_WORKERS", "0", "ROSTER_HTTP_WORKERS must be an integer between 1 and 4096, got \"0\""),
        ("ROSTER_HTTP_PORT", "70000", "ROSTER_HTTP_PORT must be an integer between 0 and 65535, got \"70000\""),
        (
            "ROSTER_HTTP_MAX_BODY_BYTES", "-1",
            "ROSTER_HTTP_MAX_BODY_BYTES must be an integer between 0 and 17179869184, got \"-1\""
        ),
        (
            "ROSTER_HTTP_IDLE_TIMEOUT", "0",
            "ROSTER_HTTP_IDLE_TIMEOUT must be a number of seconds greater than 0 and at most 86400, got \"0\""
        ),
        (
            "ROSTER_HTTP_REQUEST_TIMEOUT", "ten",
            "ROSTER_HTTP_REQUEST_TIMEOUT must be a number of seconds greater than 0 and at most 86400, got \"ten\""
        ),
        (
            "ROSTER_HTTP_SHUTDOWN_TIMEOUT", "nan",
            "ROSTER_HTTP_SHUTDOWN_TIMEOUT must be a number of seconds at least 0 and at most 86400, got \"nan\""
        ),
        (
            "ROSTER_HTTP_MAX_HEAD_BYTES", "12",
            "ROSTER_HTTP_MAX_HEAD_BYTES must be an integer between 256 and 1048576, got \"12\""
        ),
    ]

    @Test(arguments: badValues)
    func refusesBadValuesWithAClearMessage(key: String, value: String, message: String) {
        do {
            _ = try HTTPServerConfiguration.fromEnvironment([key: value])
            Issue.record("\(key)=\(value) must be refused")
        } catch {
            #expect(error.code == .invalidConfiguration)
            #expect(error.description == message)
        }
    }

    @Test func startRefusesAnInvalidConfiguration() {
        let server = HTTPServer(configuration: HTTPServerConfiguration(workerCount: 0), responder: TestResponder())
        #expect(throws: HTTPError(.invalidConfiguration, "")) { try server.start() }
    }
}
