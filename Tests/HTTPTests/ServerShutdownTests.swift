import Dispatch
import Foundation
import Glibc
import Testing

@testable import HTTP

extension ServerTests {
    @Suite struct Shutdown {
        @Test func finishesInFlightRequestThenStops() throws {
            let server = HTTPServer(configuration: testConfiguration(), responder: TestResponder())
            try server.start()
            let port = server.port
            let idle = try TestClient(port: port)
            try idle.send(request("GET", "/hello"))
            _ = try idle.readResponse()
            let busy = try TestClient(port: port)
            try busy.send(request("GET", "/slow?ms=700"))
            #expect(eventually { server.stats.busyWorkers == 1 })

            let stopped = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                server.shutdown(deadline: .now + .seconds(5))
                stopped.signal()
            }
            #expect(idle.waitForClose(timeout: .seconds(3)), "idle connections close at once")
            let response = try busy.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "slow done")
            #expect(response.header("Connection") == "close")
            #expect(busy.waitForClose(timeout: .seconds(3)))
            busy.close()
            #expect(stopped.wait(timeout: .now() + 5) == .success)
            #expect((try? TestClient(port: port)) == nil, "new connections are refused")
        }

        @Test func abandonsHandlersThatOutliveTheDeadline() throws {
            let responder = TestResponder()
            let server = HTTPServer(configuration: testConfiguration(), responder: responder)
            try server.start()
            let client = try TestClient(port: server.port)
            try client.send(request("GET", "/block"))
            #expect(eventually { server.stats.busyWorkers == 1 })
            let start = ContinuousClock.now
            server.shutdown(deadline: .now + .milliseconds(300))
            #expect(start.duration(to: .now) < .seconds(3))
            #expect(client.waitForClose(timeout: .seconds(3)))
            responder.gate.open()
        }

        @Test func stopsOnSIGTERMWhenHandlersAreInstalled() throws {
            let server = HTTPServer(configuration: testConfiguration(), responder: TestResponder())
            try server.start()
            server.installSignalHandlers()
            kill(getpid(), SIGTERM)  // handled by the server, not by the default action
            let stopped = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                server.waitUntilStopped()
                stopped.signal()
            }
            #expect(stopped.wait(timeout: .now() + 10) == .success)
        }

        @Test func startsOnlyOnceAndStopsWithoutStarting() throws {
            let server = HTTPServer(configuration: testConfiguration(), responder: TestResponder())
            try server.start()
            #expect(throws: HTTPError(.invalidState, "")) { try server.start() }
            server.shutdown()

            let unstarted = HTTPServer(configuration: testConfiguration(), responder: TestResponder())
            unstarted.shutdown()
            #expect(throws: HTTPError(.invalidState, "")) { try unstarted.start() }
        }

        @Test func reportsBindFailures() throws {
            let first = HTTPServer(configuration: testConfiguration(), responder: TestResponder())
            try first.start()
            defer { first.shutdown() }
            var configuration = testConfiguration()
            configuration.port = first.port
            let second = HTTPServer(configuration: configuration, responder: TestResponder())
            do {
                try second.start()
                Issue.record("binding a used port must fail")
            } catch {
                #expect(error.code == .systemCall)
                #expect(error.errno == EADDRINUSE)
                #expect(error.description == "system call failed")
            }
        }
    }
}
