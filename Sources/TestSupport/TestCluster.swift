import Foundation
import LocalPostgres
import Synchronization

/// The process-wide PostgreSQL server the tests talk to.
///
/// With `TEST_DATABASE_URL` set (keyword form `host=… port=… dbname=…` or a `postgres://` URL), it
/// only hands out that server's connection string, with the database name swapped per call.
/// Otherwise, on first use, it starts a `LocalCluster` in a fresh folder `/tmp/roster-test-<pid>-<random>`
/// with durability off and 300 connections, and an `atexit` handler stops that server
/// (`-m immediate`) and deletes the folder, so a `swift test` run leaves nothing behind. Folders left
/// by test processes that died without exiting are swept at the next start.
///
/// The first use blocks while `initdb` and the start run (about 1–2 s); a failure is remembered
/// and rethrown to every later caller, so a machine without PostgreSQL fails fast.
public final class TestCluster: Sendable {
    /// The instance all tests share, configured from the process environment.
    public static let shared = TestCluster(environment: ProcessInfo.processInfo.environment)

    /// Where the server comes from.
    enum Source: Sendable {
        /// `TEST_DATABASE_URL`.
        case external(ConnectionString)
        /// A cluster this process started.
        case local(LocalCluster)
    }

    private let environment: [String: String]
    private let source = Mutex<Result<Source, LocalPostgresError>?>(nil)

    /// A test cluster configured from `environment` (only `TEST_DATABASE_URL` is read). Nothing
    /// starts until first use. Tests should use `shared`; this exists to test the configuration.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// Whether the server is the one `TEST_DATABASE_URL` names (so it cannot be restarted here).
    public var isExternal: Bool {
        guard let url = environment["TEST_DATABASE_URL"] else { return false }
        return !url.isEmpty
    }

    /// The connection string for `database`: `TEST_DATABASE_URL` with its database name replaced, or
    /// the keyword form `host=127.0.0.1 port=N user=postgres dbname=<database>` of the local server.
    public func connectionString(database: String) throws(LocalPostgresError) -> String {
        switch try resolve() {
        case .external(let base): return try base.settingDatabase(database).text
        case .local(let cluster): return try cluster.connectionString(database: database)
        }
    }

    /// The server's TCP port (5432 when `TEST_DATABASE_URL` names none).
    public var port: Int {
        get throws(LocalPostgresError) {
            switch try resolve() {
            case .external(let base): return base.port ?? 5432
            case .local(let cluster):
                guard let port = cluster.port else {
                    throw LocalPostgresError(.notRunning, "the test PostgreSQL server is not running")
                }
                return port
            }
        }
    }

    /// The local cluster, or `nil` when `TEST_DATABASE_URL` is used.
    public var localCluster: LocalCluster? {
        get throws(LocalPostgresError) {
            if case .local(let cluster) = try resolve() { return cluster }
            return nil
        }
    }

    /// Stops the local server and starts it again on the same port, so open connections break and
    /// new ones with the same connection string work. Throws for `TEST_DATABASE_URL`.
    public func restart() throws(LocalPostgresError) {
        guard let cluster = try localCluster else {
            throw LocalPostgresError(.invalidConfiguration, "cannot restart the server of TEST_DATABASE_URL")
        }
        try cluster.restart()
    }

    // MARK: Start-up

    private func resolve() throws(LocalPostgresError) -> Source {
        try source.withLock {
            (cached: inout Result<Source, LocalPostgresError>?) throws(LocalPostgresError) -> Source in
            if let cached { return try cached.get() }
            let result: Result<Source, LocalPostgresError>
            do throws(LocalPostgresError) {
                result = .success(try makeSource())
            } catch {
                result = .failure(error)
            }
            cached = result
            return try result.get()
        }
    }

    private func makeSource() throws(LocalPostgresError) -> Source {
        if isExternal, let url = environment["TEST_DATABASE_URL"] {
            return .external(ConnectionString(url))
        }
        TestClusterCleanup.sweepAbandonedFolders()
        let folder = "/tmp/\(TestClusterCleanup.folderPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let cluster = LocalCluster(configuration: .testing(folder: folder))
        do throws(LocalPostgresError) {
            try cluster.start()
        } catch {
            TestClusterCleanup.remove(cluster)
            throw error
        }
        TestClusterCleanup.register(cluster)
        return .local(cluster)
    }
}

/// Stops test clusters when the process exits, and sweeps those of test processes that died.
enum TestClusterCleanup {
    /// Name prefix of test cluster folders under /tmp; the pid of the owning process follows.
    static let folderPrefix = "roster-test-"

    private static let clusters = Mutex<[LocalCluster]>([])
    private static let installHandler: Void = { atexit { TestClusterCleanup.stopAll() } }()

    /// Stops `cluster` and removes its folder at process exit.
    static func register(_ cluster: LocalCluster) {
        clusters.withLock { $0.append(cluster) }
        installHandler
    }

    /// Stops every registered cluster at once (`-m immediate`) and deletes its folder.
    static func stopAll() {
        let all = clusters.withLock { list in
            defer { list.removeAll() }
            return list
        }
        all.forEach(remove)
    }

    /// Stops `cluster` if running and deletes its folder.
    static func remove(_ cluster: LocalCluster) {
        try? cluster.stop(mode: .immediate, force: true)
        let folder = cluster.configuration.folder
        // Another sweeper may recreate the lock file while we delete: try again.
        for _ in 0..<3 where FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Removes `<parent>/roster-test-<pid>-*` folders whose process is gone, stopping their servers.
    static func sweepAbandonedFolders(in parent: String = "/tmp") {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        for name in names where name.hasPrefix(folderPrefix) {
            let pidText = name.dropFirst(folderPrefix.count).prefix { $0.isNumber }
            guard let pid = pid_t(pidText), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            remove(LocalCluster(configuration: .testing(folder: "\(parent)/\(name)")))
        }
    }
}
