import Foundation
import LocalPostgres
import Postgres
import Testing

/// Restarts a cluster of its own, so other tests on the shared cluster are not disturbed.
@Suite struct ReconnectTests {
    @Test func reconnectsAfterTheServerRestarted() throws {
        let folder = NSTemporaryDirectory() + "roster-reconnect-\(UUID().uuidString.prefix(8))"
        let cluster = LocalCluster(configuration: .testing(folder: folder))
        defer {
            try? cluster.stop(mode: .immediate, force: true)
            try? FileManager.default.removeItem(atPath: folder)
        }
        let server = try cluster.start()
        let connection = try Connection(server.connectionString(database: "postgres"))
        let before: Int = try connection.query("SELECT pg_backend_pid()")[0].decode(at: 0)
        let generation = connection.generation

        _ = try cluster.restart(mode: .fast)

        let error = #expect(throws: PostgresError.self) { try connection.query("SELECT 1") }
        #expect(error?.isConnectionError == true)
        #expect(error?.kind == .connectionLost || error?.kind == .server)
        let after: Int = try connection.query("SELECT pg_backend_pid()")[0].decode(at: 0)
        #expect(after != before)
        #expect(connection.generation == generation + 1)
    }

    @Test func failsFastWithATypedErrorWhenNothingListens() throws {
        let error = #expect(throws: PostgresError.self) {
            try Connection("host=127.0.0.1 port=1 user=postgres dbname=postgres connect_timeout=2")
        }
        #expect(error?.kind == .connectionFailed)
        #expect(error?.isConnectionError == true)
        #expect(error?.description == "database unavailable")
    }
}
