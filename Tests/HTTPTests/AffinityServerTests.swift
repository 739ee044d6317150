import Foundation
import Testing

@testable import HTTP

/// A server with an affinity key answers every request, sends each key to one worker while it keeps
/// up, and still answers a key whose home worker is stuck.
@Suite struct AffinityServerTests {
    struct WorkerEcho: HTTPResponder {
        final class State: Sendable { let index: Int; init(_ index: Int) { self.index = index } }
        func makeWorkerState(workerIndex: Int) -> State { State(workerIndex) }
        func respond(to request: HTTPRequest, state: State) -> HTTPResponse {
            if request.path == "/slow" { Thread.sleep(forTimeInterval: 1.5) }
            return .text("\(state.index)")
        }
    }

    private func start(stealAfter: Duration) throws -> HTTPServer<WorkerEcho> {
        var configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, workerCount: 4)
        configuration.affinitySteal = stealAfter
        configuration.affinityKey = { request in request.headers.first("Host").map { UInt64($0.utf8.count) } }
        let server = HTTPServer(configuration: configuration, responder: WorkerEcho())
        try server.start()
        return server
    }

    private func get(_ port: Int, host: String, path: String = "/") throws -> String {
        let client = try TestClient(port: port)
        defer { client.close() }
        try client.send("GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n")
        return try client.readResponse().text
    }

    @Test func sequentialRequestsOfOneKeyStayOnOneWorker() throws {
        // A long steal deadline: on a loaded machine a worker may take a while to come back for its next job.
        let server = try start(stealAfter: .seconds(5))
        defer { server.shutdown(); server.waitUntilStopped() }
        for host in ["a.test", "bb.test", "ccc.test"] {
            let workers = Set(try (0..<20).map { _ in try get(server.port, host: host) })
            #expect(workers.count == 1, "\(host) was answered by workers \(workers)")
        }
        #expect(server.stats.homeJobs >= 60)
    }

    @Test func anIdleWorkerTakesOverFromAStuckHomeWorker() throws {
        let server = try start(stealAfter: .milliseconds(200))
        defer { server.shutdown(); server.waitUntilStopped() }
        let home = try get(server.port, host: "a.test")
        let slow = Thread { _ = try? self.get(server.port, host: "a.test", path: "/slow") }
        slow.start()
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        let other = try get(server.port, host: "a.test")
        #expect(Date().timeIntervalSince(started) < 1.0, "waited for the stuck home worker")
        #expect(other != home)
        #expect(server.stats.stolenJobs >= 1)
        Thread.sleep(forTimeInterval: 1.5)
    }
}
