import Foundation
import LocalPostgres
import Postgres
import Store
import Synchronization
import TestSupport
import Testing

/// PostgreSQL stops answering (every process of its own cluster frozen with SIGSTOP, as when its host
/// is paused or partitioned away) rather than refusing connections: requests must still be answered
/// within a bound, and `/healthz` must keep answering.
@Suite struct HungDatabaseTests {
    /// The postmaster of the cluster in `folder` and its children.
    static func serverProcesses(of folder: String) -> [pid_t] {
        let pidFile = (try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)) ?? ""
        guard let postmaster = pid_t(pidFile.split(separator: "\n").first ?? "") else { return [] }
        var pids = [postmaster]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so split after ")".
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, pid_t(fields[1]) == postmaster { pids.append(pid) }
        }
        return pids
    }

    static func createUser(port: Int, host: String, secret: String, timeout: Int) -> TestHTTPClient.Response? {
        try? TestHTTPClient(port: port, timeout: timeout).request(
            "POST", "/api/scim/v2/Users", host: host,
            headers: [("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json")],
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(uniqueName("hung"))"}"#)
    }

    /// Each statement waits at most ROSTER_DB_QUERY_TIMEOUT (2 s here) for a frozen database; then the session
    /// is dropped and the request gets 503, so workers (and /healthz behind them) are free again.
    @Test
    func answersWithinABoundWhenTheDatabaseHangs() throws {
        let own = try DatabaseOutageTests.OwnCluster()
        defer { own.remove() }
        let url = try DatabaseOutageTests.migratedDatabase(on: own)
        let server = try TestServer(databaseURL: url, environment: ["ROSTER_DB_QUERY_TIMEOUT": "2"])
        defer { server.stop() }
        let scim = try SCIMSession(server: server)
        // Warm-up: with tenant affinity these land on the organization's home worker; the other workers then
        // take the frozen writes over from it and must connect to the frozen database, which the statement
        // deadline bounds as well.
        for _ in 0..<8 { _ = try scim.createUser(uniqueName("warm")) }
        let pids = Self.serverProcesses(of: own.folder)
        #expect(pids.count > 3)
        for pid in pids { kill(pid, SIGSTOP) }
        var thawed = false
        defer { if !thawed { for pid in pids { kill(pid, SIGCONT) } } }

        // More writers than the server's four workers, then a health check.
        let (host, secret, port) = (scim.host, scim.secret, server.port)
        let started = Date()
        let group = DispatchGroup()
        let outcomes = Mutex<[(status: Int, seconds: Double)]>([])
        for _ in 0..<6 {
            group.enter()
            Thread {
                defer { group.leave() }
                let response = Self.createUser(port: port, host: host, secret: secret, timeout: 12)
                outcomes.withLock { $0.append((response?.status ?? -1, Date().timeIntervalSince(started))) }
            }.start()
        }
        Thread.sleep(forTimeInterval: 2)
        let health = try? TestHTTPClient(port: port, timeout: 5).request("GET", "/healthz")
        group.wait()
        for pid in pids { kill(pid, SIGCONT) }
        thawed = true
        let after = Self.createUser(port: port, host: host, secret: secret, timeout: 30)

        #expect(health?.status == 200)
        let writes = outcomes.withLock { $0 }
        #expect(writes.allSatisfy { $0.status == 503 }, "\(writes)")
        #expect(after?.status == 201)
    }
}
