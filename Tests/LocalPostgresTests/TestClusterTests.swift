import Foundation
import Testing

@testable import LocalPostgres
@testable import TestSupport

@Suite("TestCluster")
struct TestClusterTests {
    @Test func usesTestDatabaseURLInKeywordForm() throws {
        let cluster = TestCluster(environment: ["TEST_DATABASE_URL": "host=db port=6543 user=u dbname=base"])
        #expect(cluster.isExternal)
        #expect(try cluster.connectionString(database: "t1") == "host=db port=6543 user=u dbname=t1")
        #expect(try cluster.port == 6543)
        #expect(try cluster.localCluster == nil)
        #expect(throws: LocalPostgresError.self) { try cluster.restart() }
    }

    @Test func usesTestDatabaseURLInURLForm() throws {
        let cluster = TestCluster(environment: ["TEST_DATABASE_URL": "postgres://u@db/base"])
        #expect(try cluster.connectionString(database: "t1") == "postgres://u@db/t1")
        #expect(try cluster.port == 5432)
    }

    @Test func sharedClusterAcceptsConnections() throws {
        let conninfo = try TestCluster.shared.connectionString(database: "postgres")
        let psql = try #require(try PostgresBinaries.locate().psql)
        let result = try Subprocess(executable: psql, arguments: ["-X", "-A", "-t", "-d", conninfo, "-c", "select 1"])
            .run()
        #expect(result.succeeded, "\(result.combinedOutput)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1")
        if let local = try TestCluster.shared.localCluster {
            #expect(try TestCluster.shared.port == local.port)
            #expect(local.configuration.folder.hasPrefix("/tmp/roster-test-\(getpid())-"))
            #expect(local.configuration.settings["max_connections"] == "300")
        }
    }

    @Test func sweepsFoldersOfTestProcessesThatDied() throws {
        try ClusterFixture.withFixture { fixture in
            let deadPid = try Subprocess(executable: "/bin/sh", arguments: ["-c", "echo $$"]).run().stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let abandoned = LocalCluster(
                configuration: try fixture.preparedConfiguration("\(TestClusterCleanup.folderPrefix)\(deadPid)-x"))
            let living = LocalCluster(
                configuration: try fixture.preparedConfiguration("\(TestClusterCleanup.folderPrefix)\(getpid())-x"))
            let socketDirectory = try #require(try abandoned.start().socketDirectory)
            try living.start()
            TestClusterCleanup.sweepAbandonedFolders(in: fixture.folder)
            #expect(!abandoned.isRunning)
            #expect(!FileManager.default.fileExists(atPath: abandoned.configuration.folder))
            #expect(!FileManager.default.fileExists(atPath: socketDirectory))
            #expect(living.isRunning)
        }
    }
}
