import HTTP
import Testing

@Suite struct InlineResponderTests {
    @Test func answersInlineRequestsWhileEveryWorkerIsBlocked() throws {
        var configuration = testConfiguration(workers: 1)
        configuration.inlineResponder = { request in
            request.path == "/inline" ? .text("inline \(request.query ?? "")") : nil
        }
        try withServer(configuration) { server in
            let blocked = try TestClient(port: server.port)
            try blocked.send(request("GET", "/block"))
            // The only worker now waits on the gate; inline requests still get answers, pipelined in order.
            let client = try TestClient(port: server.port)
            try client.send(request("GET", "/inline?1") + request("GET", "/inline?2") + request("HEAD", "/inline?3"))
            #expect(try client.readResponse().text == "inline 1")
            #expect(try client.readResponse().text == "inline 2")
            let head = try client.readResponse(isHead: true)
            #expect(head.status == 200 && head.body.isEmpty)
            try client.send(request("GET", "/inline?4"))
            #expect(try client.readResponse().text == "inline 4")
            server.responder.gate.open()
            #expect(try blocked.readResponse().text == "released")
        }
    }
}
