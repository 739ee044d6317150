import Foundation
import Postgres
import Store
import Synchronization
import TestSupport
import Testing

/// `kill -9` of `roster serve` in the middle of a stream of writes, then a restart: every write is
/// entirely there or entirely absent, and every acknowledged one is there.
@Suite struct ServerCrashTests {
    /// A `roster serve` child process on `port`.
    final class Serve {
        let process = Process()

        init(databaseURL: String, port: Int) throws {
            process.executableURL = RosterProcess.executable
            process.arguments = ["serve"]
            process.environment = [
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "DATABASE_URL": databaseURL,
                "ROSTER_HTTP_PORT": String(port), "ROSTER_HTTP_HOST": "127.0.0.1", "ROSTER_HTTP_WORKERS": "4",
            ]
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Bounded wait for the port to answer.
            let start = Date()
            while Date().timeIntervalSince(start) < 30 {
                if let client = try? TestHTTPClient(port: port, timeout: 5),
                    (try? client.request("GET", "/healthz"))?.status == 200
                {
                    return
                }
                Thread.sleep(forTimeInterval: 0.1)
            }
            // Leave no orphan behind when it never came up.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestHTTPClient.Failure(description: "roster serve did not answer on port \(port)")
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        func stop() {
            if process.isRunning {
                kill(process.processIdentifier, SIGTERM)
                process.waitUntilExit()
            }
        }
    }

    /// A free TCP port on 127.0.0.1 (bound, read, released).
    static func freePort() throws -> Int {
        let server = try TestServer()
        defer { server.stop() }
        return server.port
    }

    static func request(
        _ client: TestHTTPClient, _ method: String, _ path: String, host: String, secret: String, body: String
    ) throws -> TestHTTPClient.Response {
        try client.request(
            method, "/api/scim/v2" + path, host: host,
            headers: [("Authorization", "Bearer \(secret)"), ("Content-Type", "application/scim+json")], body: body)
    }

    @Test func keepsEveryWriteWholeAcrossAKill9() throws {
        let url = try TestDatabase.createMigrated(prefix: "crash")
        let connection = try Connection(url)
        defer { connection.close() }
        let plane = ControlPlane(connection: connection)
        let slug = TestDatabase.uniqueSlug("crash")
        let host = "\(slug).example.test"
        _ = try plane.createOrganization(slug: Slug(slug), name: slug, plan: .enterprise, hosts: [HostName(host)])
        _ = try plane.setFlag(Slug(slug), .apiBeta)
        let secret = try plane.createToken(Slug(slug), name: "crash", scopes: [.scim]).secret.value
        let schema = try #require(SQLIdentifier("org_" + slug.replacingOccurrences(of: "-", with: "_")))

        let port = try Self.freePort()
        var serve = try Serve(databaseURL: url, port: port)
        defer { serve.stop() }
        let setupClient = try TestHTTPClient(port: port)
        var ids: [String] = []
        for index in 0..<20 {
            let response = try Self.request(
                setupClient, "POST", "/Users", host: host, secret: secret,
                body:
                    #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"seed\#(index)@example.com"}"#
            )
            ids.append(try #require(response.object["id"] as? String))
        }
        setupClient.close()

        // Writers: PATCH two attributes to one token (a half-applied PATCH would leave them apart) and
        // POST new users, recording what was acknowledged.
        let acknowledgedNames = Mutex<[String]>([])
        let acknowledgedVersions = Mutex<[String: Int]>([:])
        let sent = Atomic<Int>(0)
        let acknowledgedPatches = Atomic<Int>(0)
        let group = DispatchGroup()
        let userIDs = ids
        for thread in 0..<3 {
            group.enter()
            Thread {
                defer { group.leave() }
                guard let client = try? TestHTTPClient(port: port, timeout: 20) else { return }
                for index in 0..<2_000 {
                    sent.add(1, ordering: .relaxed)
                    do {
                        if index.isMultiple(of: 3) {
                            let name = "crash-\(thread)-\(index)@example.com"
                            let response = try Self.request(
                                client, "POST", "/Users", host: host, secret: secret,
                                body:
                                    #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"\#(name)"}"#
                            )
                            if response.status == 201 { acknowledgedNames.withLock { $0.append(name) } }
                        } else {
                            let id = userIDs[(thread * 7 + index) % userIDs.count]
                            let token = "t\(thread)-\(index)"
                            let response = try Self.request(
                                client, "PATCH", "/Users/\(id)", host: host, secret: secret,
                                body: #"""
                                    {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                                    {"op":"replace","path":"title","value":"\#(token)"},
                                    {"op":"replace","path":"displayName","value":"\#(token)"}]}
                                    """#)
                            let tag = response.header("ETag") ?? ""
                            if response.status == 200,
                                let version = Int(tag.filter { $0.isNumber })
                            {
                                acknowledgedVersions.withLock { $0[id] = max($0[id] ?? 0, version) }
                                acknowledgedPatches.add(1, ordering: .relaxed)
                            }
                        }
                    } catch {
                        return  // The server is gone.
                    }
                }
            }.start()
        }
        let loadStart = Date()
        while sent.load(ordering: .relaxed) < 300, Date().timeIntervalSince(loadStart) < 20 {
            Thread.sleep(forTimeInterval: 0.01)
        }
        serve.kill9()
        group.wait()
        serve = try Serve(databaseURL: url, port: port)

        // Every user's two attributes moved together, and each write left exactly one log row.
        let rows = try connection.query(
            """
            SELECT u.id::text, u.user_name, u.version::int, coalesce(u.attributes->>'title', ''), coalesce(u.display_name, ''),
                (SELECT count(*)::int FROM \(ident: schema).provisioning_log l WHERE l.resource_id = u.id)
            FROM \(ident: schema).users u
            """)
        var names = Set<String>()
        var versions: [String: Int] = [:]
        for row in rows.rows {
            let id: String = try row.decode(at: 0)
            names.insert(try row.decode(at: 1))
            let version: Int = try row.decode(at: 2)
            versions[id] = version
            let title: String = try row.decode(at: 3)
            let displayName: String = try row.decode(at: 4)
            let logged: Int = try row.decode(at: 5)
            #expect(title == displayName, "user \(id): title \(title), displayName \(displayName)")
            #expect(logged == version, "user \(id): version \(version), \(logged) log rows")
        }
        let acknowledged = acknowledgedNames.withLock { $0 }
        #expect(Set(acknowledged).isSubset(of: names))
        for (id, version) in acknowledgedVersions.withLock({ $0 }) {
            #expect((versions[id] ?? 0) >= version, "user \(id) lost an acknowledged PATCH")
        }
        let patched = acknowledgedVersions.withLock { $0.count }
        let client = try TestHTTPClient(port: port)
        #expect(try Self.request(client, "GET", "/Users?count=1", host: host, secret: secret, body: "").status == 200)
        print(
            "server crash: \(sent.load(ordering: .relaxed)) requests before kill -9; \(acknowledged.count) creates and"
                + " \(acknowledgedPatches.load(ordering: .relaxed)) PATCHes (of \(patched) users) acknowledged and"
                + " verified; \(rows.rows.count) users checked whole")
    }
}
