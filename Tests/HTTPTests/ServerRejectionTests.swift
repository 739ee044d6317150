import Testing

@testable import HTTP

extension ServerTests {
    @Suite struct Rejections {
        static let badRequests: [(String, String)] = [
            ("missing Host", "GET /hello HTTP/1.1\r\n\r\n"),
            ("two Host headers", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"),
            (
                "two different Content-Length",
                "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"
            ),
            (
                "Content-Length and Transfer-Encoding",
                "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            ),
            ("bad Transfer-Encoding", "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n"),
            ("NUL in header", "GET /hello HTTP/1.1\r\nHost: h\r\nX-A: a\u{0}b\r\n\r\n"),
            ("bad request line", "HELLO\r\n\r\n"),
            ("header without colon", "GET /hello HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n"),
            ("obs-fold", "GET /hello HTTP/1.1\r\nHost: h\r\nX-A: a\r\n b\r\n\r\n"),
            ("absolute-form", "GET http://h/hello HTTP/1.1\r\nHost: h\r\n\r\n"),
        ]

        @Test(arguments: badRequests)
        func answers400AndCloses(name: String, input: String) throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(input)
                let response = try client.readResponse()
                #expect(response.status == 400, "\(name)")
                #expect(response.header("Connection") == "close", "\(name)")
                #expect(response.text.hasPrefix("400 Bad Request: "), "\(name)")
                #expect(client.waitForClose(), "\(name)")
            }
        }

        @Test func answers413ForBodyOverLimitByLengthAndByChunks() throws {
            try withServer(testConfiguration(maxBodyBytes: 1000)) { server in
                let byLength = try TestClient(port: server.port)
                try byLength.send(
                    "POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n"
                        + String(repeating: "a", count: 100))
                let first = try byLength.readResponse()
                #expect(first.status == 413)
                #expect(first.header("Connection") == "close")
                #expect(byLength.waitForClose())

                let chunked = try TestClient(port: server.port)
                let chunk = String(repeating: "b", count: 600)
                try chunked.send(
                    "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
                )
                #expect(try chunked.readResponse().status == 413)
                #expect(chunked.waitForClose())
            }
        }

        @Test func answers431ForLargeOrManyHeaders() throws {
            try withServer(testConfiguration(maxHeadBytes: 1024, maxHeaderCount: 10)) { server in
                let large = try TestClient(port: server.port)
                try large.send(
                    "GET /hello HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "x", count: 2000))\r\n\r\n")
                #expect(try large.readResponse().status == 431)
                #expect(large.waitForClose())

                let many = try TestClient(port: server.port)
                try many.send(request("GET", "/hello", headers: (1...11).map { "X-\($0): v" }))
                #expect(try many.readResponse().status == 431)
                #expect(many.waitForClose())
                #expect(server.stats.errorResponses == 2)
            }
        }

        @Test func usesTheConfiguredErrorBody() throws {
            var configuration = testConfiguration()
            configuration.makeErrorResponse = { status, reason in
                HTTPResponse(
                    status: 200, headers: ["Content-Type": "application/scim+json", "Connection": "keep-alive"],
                    body: "{\"status\":\"\(status)\",\"detail\":\"\(reason)\"}")
            }
            try withServer(configuration) { server in
                let client = try TestClient(port: server.port)
                try client.send("GET /hello HTTP/1.1\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 400)
                #expect(response.header("Content-Type") == "application/scim+json")
                #expect(response.header("Connection") == "close")
                #expect(response.text == "{\"status\":\"400\",\"detail\":\"missing Host header\"}")
            }
        }
    }
}
