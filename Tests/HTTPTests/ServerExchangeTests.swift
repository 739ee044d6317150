import Foundation
import Glibc
import Testing

@testable import HTTP

extension ServerTests {
    @Suite struct Exchange {
        @Test func servesSeveralRequestsOnOneConnection() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                for index in 0..<5 {
                    try client.send(request("POST", "/echo?i=\(index)", body: "body \(index)"))
                    let response = try client.readResponse()
                    #expect(response.status == 200)
                    #expect(response.text == "body \(index)")
                    #expect(response.header("X-Query") == "i=\(index)")
                    #expect(response.header("Connection") == nil)
                    #expect(response.header("Date")?.hasSuffix(" GMT") == true)
                }
                #expect(server.stats.acceptedConnections == 1)
                #expect(server.stats.requestsServed == 5)
            }
        }

        @Test func answersPipelinedRequestsInOrder() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(
                    request("GET", "/slow?ms=300") + request("GET", "/hello") + request("POST", "/echo", body: "third"))
                let bodies = try (0..<3).map { _ in try client.readResponse().text }
                #expect(bodies == ["slow done", "hello", "third"])
            }
        }

        @Test func decodesChunkedBodies() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(
                    "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "4;ext=1\r\nWiki\r\n5;a;b=\"c\"\r\npedia\r\n0\r\nTrailer: dropped\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "Wikipedia")
                try client.send(request("GET", "/hello"))
                #expect(try client.readResponse().text == "hello")
            }
        }

        @Test func refusesBadChunkSizeAndCloses() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(
                    "POST /echo HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\nab\r\n0\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 400)
                #expect(response.header("Connection") == "close")
                #expect(client.waitForClose())
            }
        }

        @Test func sendsContinueBeforeReadingTheBody() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(
                    "PUT /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
                let interim = try client.readResponse()
                #expect(interim.status == 100)
                try client.send("hello")
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.text == "hello")
            }
        }

        @Test func answersTooLargeDeclaredBodyWithoutContinue() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(
                    "PUT /echo HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 10000000\r\n\r\n")
                let response = try client.readResponse()
                #expect(response.status == 413)
                #expect(response.header("Connection") == "close")
                #expect(client.waitForClose())
            }
        }

        @Test func answersHeadWithGetHeadersAndNoBody() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/hello"))
                let get = try client.readResponse()
                try client.send(request("HEAD", "/hello"))
                let head = try client.readResponse(isHead: true)
                #expect(head.status == 200)
                #expect(head.header("Content-Length") == get.header("Content-Length"))
                #expect(head.header("Content-Type") == get.header("Content-Type"))
                // No body bytes may follow: the next response must start right after the head.
                try client.send(request("GET", "/hello"))
                #expect(try client.readResponse().text == "hello")
            }
        }

        @Test func closesHTTP10UnlessAskedToKeepAlive() throws {
            try withServer { server in
                let plain = try TestClient(port: server.port)
                try plain.send("GET /hello HTTP/1.0\r\n\r\n")
                let response = try plain.readResponse()
                #expect(response.text == "hello")
                #expect(response.header("Connection") == "close")
                #expect(plain.waitForClose())

                let kept = try TestClient(port: server.port)
                try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(try kept.readResponse().header("Connection") == "keep-alive")
                try kept.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(try kept.readResponse().text == "hello")
            }
        }

        @Test func honoursConnectionCloseFromClientAndHandler() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/hello", headers: ["Connection: close"]) + request("GET", "/hello"))
                let response = try client.readResponse()
                #expect(response.header("Connection") == "close")
                #expect(client.waitForClose())
                #expect(client.pendingBytes.isEmpty, "the pipelined request after 'close' is not answered")

                let other = try TestClient(port: server.port)
                try other.send(request("GET", "/close"))
                let closing = try other.readResponse()
                #expect(closing.text == "bye")
                #expect(closing.header("Connection") == "close")
                #expect(other.waitForClose())
            }
        }

        @Test func neverEmitsHeadersInjectedThroughValues() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/evil"))
                let response = try client.readResponse()
                #expect(response.status == 200)
                #expect(response.header("X-Evil") == nil)
                #expect(response.header("X-Test") == "ok  X-Evil: 1")
                #expect(response.header("Bad Name") == nil)
                #expect(response.text == "evil")
            }
        }

        @Test func givesEachWorkerItsOwnStateOnItsOwnThread() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                for _ in 0..<8 {
                    try client.send(request("GET", "/worker"))
                    #expect(try client.readResponse().text.contains("sameThread=true"))
                }
            }
        }

        @Test func passesPeerAddressAndKeepAlive() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/echo"))
                let response = try client.readResponse()
                #expect(response.header("X-Remote") == "127.0.0.1")
                #expect(response.header("X-Keep-Alive") == "true")
            }
        }

        @Test func writesLargeResponsesAcrossPartialSends() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                let size = 8 * 1024 * 1024
                try client.send(request("GET", "/big?n=\(size)") + request("GET", "/hello"))
                usleep(100_000)  // let the server fill the socket buffer and wait for EPOLLOUT
                let big = try client.readResponse(timeout: .seconds(20))
                let expected = blockPattern(count: size)
                #expect(big.body.count == size)
                #expect(sameBytes(big.body, expected))
                #expect(try client.readResponse().text == "hello")
            }
        }

        @Test func readsLargeBodiesAcrossManyReads() throws {
            try withServer(testConfiguration(maxBodyBytes: 4 * 1024 * 1024)) { server in
                let client = try TestClient(port: server.port)
                let body = String(repeating: "0123456789abcdef", count: 200_000)
                try client.send(request("POST", "/echo", body: body))
                let response = try client.readResponse(timeout: .seconds(20))
                #expect(response.header("X-Body-Length") == "3200000")
                #expect(response.text == body)
            }
        }

        @Test func dropsTheResponseOfAClientThatLeft() throws {
            try withServer { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/slow?ms=300"))
                #expect(eventually { server.stats.busyWorkers == 1 })
                client.close()
                #expect(eventually { server.stats.openConnections == 0 })
                let next = try TestClient(port: server.port)
                try next.send(request("GET", "/hello"))
                #expect(try next.readResponse().text == "hello")
            }
        }
    }
}
