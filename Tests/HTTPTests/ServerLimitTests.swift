import Foundation
import Testing

@testable import HTTP

extension ServerTests {
    @Suite struct Limits {
        @Test func cutsOffASlowClientWhileServingOthers() throws {
            let timeout = Duration.milliseconds(1500)
            try withServer(testConfiguration(requestTimeout: timeout)) { server in
                let slow = try TestClient(port: server.port)
                let bytes = Array(request("GET", "/hello").utf8)
                let start = ContinuousClock.now
                var sent = 0
                var served = 0
                var closedAt: ContinuousClock.Instant?
                // One byte every 250 ms; between bytes, other clients must keep being served.
                while closedAt == nil, start.duration(to: .now) < .seconds(8) {
                    if sent < bytes.count {
                        try? slow.send([bytes[sent]])
                        sent += 1
                    }
                    let fast = try TestClient(port: server.port)
                    try fast.send(request("GET", "/hello"))
                    if try fast.readResponse(timeout: .seconds(2)).text == "hello" { served += 1 }
                    if slow.waitForClose(timeout: .milliseconds(250)) { closedAt = .now }
                }
                let elapsed = try #require(closedAt.map { start.duration(to: $0) }, "the slow client was never cut off")
                #expect(elapsed >= timeout - .milliseconds(100))
                #expect(elapsed < timeout + .seconds(3))
                #expect(served >= 3)
                let response = try slow.readResponse()
                #expect(response.status == 408)
                #expect(response.header("Connection") == "close")
                #expect(server.stats.timedOutRequests == 1)
            }
        }

        @Test func closesIdleKeepAliveConnectionsSilently() throws {
            try withServer(testConfiguration(idleTimeout: .seconds(1))) { server in
                let client = try TestClient(port: server.port)
                try client.send(request("GET", "/hello"))
                _ = try client.readResponse()
                let start = ContinuousClock.now
                #expect(client.waitForClose(timeout: .seconds(6)))
                #expect(start.duration(to: .now) >= .milliseconds(900))
                #expect(client.pendingBytes.isEmpty, "an idle close sends nothing")
            }
        }

        @Test func idleConnectionsDoNotHoldWorkers() throws {
            try withServer(testConfiguration(workers: 1)) { server in
                let idle = try (0..<3).map { _ in try TestClient(port: server.port) }
                for client in idle {
                    try client.send(request("GET", "/hello"))
                    _ = try client.readResponse()
                }
                let next = try TestClient(port: server.port)
                try next.send(request("GET", "/hello"))
                #expect(try next.readResponse(timeout: .seconds(2)).text == "hello")
            }
        }

        @Test func serves500ConcurrentKeepAliveConnectionsWithFourWorkers() throws {
            raiseDescriptorLimit(to: 4096)
            // All 500 requests of a round can be waiting at once: the queue must hold them (else 503).
            try withServer(testConfiguration(workers: 4, queueDepth: 1024)) { server in
                let clients = try (0..<500).map { _ in try TestClient(port: server.port) }
                var ok = 0
                for round in 0..<2 {
                    for (index, client) in clients.enumerated() {
                        try client.send(request("POST", "/echo", body: "\(round)-\(index)"))
                    }
                    for (index, client) in clients.enumerated() {
                        let response = try client.readResponse(timeout: .seconds(20))
                        if response.status == 200 && response.text == "\(round)-\(index)" { ok += 1 }
                    }
                }
                #expect(ok == 1000)
                #expect(server.stats.openConnections == 500)
                #expect(server.stats.requestsServed == 1000)
            }
        }

        @Test func answers503WhenTheQueueIsFull() throws {
            let responder = TestResponder()
            try withServer(testConfiguration(workers: 1, queueDepth: 1), responder: responder) { server in
                let blocked = try TestClient(port: server.port)
                try blocked.send(request("GET", "/block"))
                #expect(eventually { server.stats.busyWorkers == 1 })
                let queued = try TestClient(port: server.port)
                try queued.send(request("GET", "/hello"))
                #expect(eventually { server.stats.queuedRequests == 1 })

                let refused = try TestClient(port: server.port)
                try refused.send(request("GET", "/hello"))
                let response = try refused.readResponse()
                #expect(response.status == 503)
                #expect(response.header("Retry-After") == "1")
                #expect(response.header("Connection") == "close")
                #expect(refused.waitForClose())

                responder.gate.open()
                #expect(try blocked.readResponse().text == "released")
                #expect(try queued.readResponse().text == "hello")
                #expect(server.stats.overloadResponses == 1)
            }
        }

        @Test func refusesConnectionsBeyondTheLimit() throws {
            try withServer(testConfiguration(maxConnections: 2)) { server in
                let first = try TestClient(port: server.port)
                let second = try TestClient(port: server.port)
                for client in [first, second] {
                    try client.send(request("GET", "/hello"))
                    _ = try client.readResponse()
                }
                let third = try TestClient(port: server.port)
                #expect(third.waitForClose())
                if !third.pendingBytes.isEmpty {
                    #expect(try third.readResponse().status == 503)
                }
                #expect(server.stats.rejectedConnections == 1)

                try first.send(request("GET", "/hello", headers: ["Connection: close"]))
                _ = try first.readResponse()
                #expect(first.waitForClose())
                first.close()
                #expect(eventually { server.stats.openConnections == 1 })
                let fourth = try TestClient(port: server.port)
                try fourth.send(request("GET", "/hello"))
                #expect(try fourth.readResponse().text == "hello")
            }
        }
    }
}
