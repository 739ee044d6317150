import Foundation
import Synchronization
import Testing

@testable import LocalPostgres

@Suite("LocalCluster against real PostgreSQL servers")
struct LocalClusterTests {
    @Test func startsAndAcceptsConnectionsOverTCPAndSocket() throws {
        try ClusterFixture.withFixture { fixture in
            let cluster = LocalCluster(configuration: fixture.configuration())
            let server = try cluster.start()
            #expect(server.isStartedByThisProcess)
            #expect(server.didInitialize)
            #expect(server.host == "127.0.0.1")
            let tcp = try cluster.connectionString(database: "postgres")
            #expect(tcp == "host=127.0.0.1 port=\(server.port) user=postgres dbname=postgres")
            #expect(try fixture.query(tcp, "select 1") == "1")
            let socket = try cluster.connectionString(database: "postgres", overSocket: true)
            #expect(try fixture.query(socket, "select setting from pg_settings where name = 'fsync'") == "off")
            let socketFolder = try #require(server.socketDirectory)
            #expect(socketFolder.hasPrefix("/tmp/roster-pg-"))
            var info = stat()
            #expect(stat(socketFolder, &info) == 0 && info.st_mode & 0o777 == 0o700)
            try cluster.stop()
            #expect(!FileManager.default.fileExists(atPath: socketFolder))
        }
    }

    @Test func secondStartReusesTheClusterFolderAndItsData() throws {
        try ClusterFixture.withFixture { fixture in
            let first = LocalCluster(configuration: fixture.configuration())
            let initialized = try first.start()
            #expect(initialized.didInitialize)
            let conninfo = initialized.connectionString(database: "postgres")
            try fixture.query(conninfo, "create table kept (v text); insert into kept values ('still here')")
            try first.stop()

            let second = LocalCluster(configuration: fixture.configuration())
            let server = try second.start()
            #expect(!server.didInitialize)
            #expect(server.isStartedByThisProcess)
            #expect(
                try fixture.query(server.connectionString(database: "postgres"), "select v from kept") == "still here")
            try second.stop()
        }
    }

    @Test func stopRefusesConnectionsAfterwards() throws {
        try ClusterFixture.withFixture { fixture in
            let cluster = LocalCluster(configuration: try fixture.preparedConfiguration())
            let server = try cluster.start()
            #expect(acceptsTCPConnections(port: server.port))
            try cluster.stop()
            #expect(!cluster.isRunning)
            #expect(cluster.server == nil)
            #expect(!acceptsTCPConnections(port: server.port))
            let refused = try fixture.psql(server.connectionString(database: "postgres"), "select 1")
            #expect(!refused.succeeded)
            #expect(refused.stderr.contains("Connection refused"))
            #expect(throws: LocalPostgresError.self) { try cluster.connectionString(database: "postgres") }
        }
    }

    @Test func reusesARunningPostmasterAndLeavesItRunningOnStop() throws {
        try ClusterFixture.withFixture { fixture in
            let owner = LocalCluster(configuration: try fixture.preparedConfiguration())
            let started = try owner.start()
            let guest = LocalCluster(configuration: fixture.configuration())
            let reused = try guest.start()
            #expect(!reused.isStartedByThisProcess)
            #expect(!reused.didInitialize)
            #expect(reused.port == started.port)
            #expect(reused.socketDirectory == started.socketDirectory)
            try guest.stop()  // Not ours: nothing happens.
            #expect(try fixture.query(reused.connectionString(database: "postgres"), "select 1") == "1")
            try guest.stop(mode: .immediate, force: true)
            #expect(!owner.isRunning)
            #expect(!FileManager.default.fileExists(atPath: try #require(started.socketDirectory)))
            #expect(!acceptsTCPConnections(port: started.port))
        }
    }

    @Test func concurrentStartsOfOneFolderStartOneServer() throws {
        try ClusterFixture.withFixture { fixture in
            let clusters = (0..<3).map { _ in LocalCluster(configuration: fixture.configuration()) }
            let results = Results()
            DispatchQueue.concurrentPerform(iterations: clusters.count) { index in
                results.append(Result { () throws(LocalPostgresError) in try clusters[index].start() })
            }
            let servers = try results.all.map { try $0.get() }
            #expect(servers.count == 3)
            #expect(Set(servers.map(\.port)).count == 1)
            #expect(servers.filter(\.isStartedByThisProcess).count == 1)
            #expect(servers.filter(\.didInitialize).count == 1)
        }
    }

    @Test func twoClustersAtOnceGetDifferentPorts() throws {
        try ClusterFixture.withFixture { fixture in
            let one = LocalCluster(configuration: try fixture.preparedConfiguration("one"))
            let two = LocalCluster(configuration: try fixture.preparedConfiguration("two"))
            let first = try one.start()
            let second = try two.start()
            #expect(first.port != second.port)
            #expect(first.socketDirectory != second.socketDirectory)
            #expect(try fixture.query(first.connectionString(database: "postgres"), "select 1") == "1")
            #expect(try fixture.query(second.connectionString(database: "postgres"), "select 2") == "2")
            try two.stop(force: true)
        }
    }

    @Test func restartKeepsPortAndSocketAndBreaksOpenSessions() throws {
        try ClusterFixture.withFixture { fixture in
            let cluster = LocalCluster(configuration: try fixture.preparedConfiguration())
            let before = try cluster.start()
            let conninfo = before.connectionString(database: "postgres")
            let pidBefore = try fixture.query(conninfo, "select pg_postmaster_start_time()")
            let after = try cluster.restart()
            #expect(after.port == before.port)
            #expect(after.socketDirectory == before.socketDirectory)
            #expect(after.isStartedByThisProcess)
            #expect(try fixture.query(conninfo, "select pg_postmaster_start_time()") != pidBefore)
            #expect(
                try fixture.query(after.connectionString(database: "postgres", overSocket: true), "select 1") == "1")
        }
    }

    @Test func reportsAFailedStartWithCommandAndServerLog() throws {
        try ClusterFixture.withFixture { fixture in
            let taken = try TakenPort()
            var configuration = try fixture.preparedConfiguration()
            configuration.port = taken.port
            configuration.socketParent = fixture.folder
            let error = #expect(throws: LocalPostgresError.self) {
                try LocalCluster(configuration: configuration).start()
            }
            let socketFolders = try FileManager.default.contentsOfDirectory(atPath: fixture.folder)
                .filter { $0.hasPrefix(LocalCluster.socketDirectoryPrefix) }
            #expect(socketFolders.isEmpty, "the socket folder of a failed start is removed")
            #expect(error?.kind == .startFailed)
            #expect(error?.description.contains("\n") == false)
            let details = error?.debugDescription ?? ""
            #expect(details.contains("pg_ctl"))
            #expect(details.contains("exit status: 1"))
            #expect(details.contains("Address already in use"))
        }
    }

    @Test func triesAnotherPortWhenThePickedOneIsTakenMeanwhile() throws {
        try ClusterFixture.withFixture { fixture in
            let taken = try TakenPort()
            let cluster = LocalCluster(configuration: try fixture.preparedConfiguration())
            let picks = Mutex([taken.port])
            let server = try cluster.state.withLock { state throws(LocalPostgresError) in
                try cluster.startLocked(&state, port: nil, socketDirectory: nil) { () throws(LocalPostgresError) in
                    if let taken = picks.withLock({ $0.popLast() }) { return taken }
                    return try FreePort.pick()
                }
            }
            #expect(server.port != taken.port)
            #expect(try fixture.query(server.connectionString(database: "postgres"), "select 1") == "1")
        }
    }

    @Test func refusesAClusterOfAnotherMajorVersion() throws {
        try ClusterFixture.withFixture { fixture in
            let configuration = try fixture.preparedConfiguration()
            try "9\n".write(toFile: "\(configuration.dataDirectory)/PG_VERSION", atomically: false, encoding: .utf8)
            let error = #expect(throws: LocalPostgresError.self) {
                try LocalCluster(configuration: configuration).start()
            }
            #expect(error?.kind == .folderNotUsable)
            #expect(error?.description.contains("made by PostgreSQL 9") == true)
        }
    }

    @Test func stopOfAClusterNeverStartedDoesNothing() throws {
        try ClusterFixture.withFixture { fixture in
            let cluster = LocalCluster(configuration: fixture.configuration())
            try cluster.stop()
            try cluster.stop(force: true)
            #expect(!cluster.isRunning)
            let error = #expect(throws: LocalPostgresError.self) { try cluster.connectionString(database: "x") }
            #expect(error?.kind == .notRunning)
        }
    }

    @Test func createsMissingParentsPassableAndTheClusterFolderPrivate() throws {
        try ClusterFixture.withFixture { fixture in
            let cluster = LocalCluster(configuration: fixture.configuration("checkout/.roster/postgres"))
            try cluster.createFolder(cluster.configuration.folder)
            func mode(_ path: String) -> mode_t {
                var info = stat()
                return stat(path, &info) == 0 ? info.st_mode & 0o777 : 0
            }
            #expect(mode("\(fixture.folder)/checkout") == 0o755)
            #expect(mode("\(fixture.folder)/checkout/.roster") == 0o755)
            #expect(mode(cluster.configuration.folder) == 0o700)
        }
    }

    @Test func rejectsSettingsTheClusterManages() throws {
        var configuration = LocalClusterConfiguration.testing(folder: "/tmp/unused")
        configuration.settings["port"] = "1"
        let error = #expect(throws: LocalPostgresError.self) {
            try configuration.serverOptions(port: 5, socketDirectory: "/tmp/x")
        }
        #expect(error?.kind == .invalidConfiguration)
    }

    @Test(.enabled(if: geteuid() == 0, "only root hands the folder to the postgres user"))
    func failsClearlyWhenThePostgresUserCannotReachTheFolder() throws {
        try ClusterFixture.withFixture { fixture in
            let locked = "\(fixture.folder)/private"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
            chmod(locked, 0o700)  // Owned by root: postgres cannot enter it, like /root.
            let configuration = fixture.configuration("private/cluster")
            let error = #expect(throws: LocalPostgresError.self) {
                try LocalCluster(configuration: configuration).start()
            }
            #expect(error?.kind == .folderNotReachable)
            #expect(error?.description.contains("\(locked) is not searchable") == true)
        }
    }
}

/// Collects results from concurrent work.
final class Results: Sendable {
    private let items = Mutex<[Result<LocalServer, LocalPostgresError>]>([])

    func append(_ item: Result<LocalServer, LocalPostgresError>) { items.withLock { $0.append(item) } }
    var all: [Result<LocalServer, LocalPostgresError>] { items.withLock { $0 } }
}
