import Foundation
import Postgres
import Store
import TestSupport
import Testing

@Suite struct MigrationTests {
    @Test func migratesAnEmptyDatabaseOnceAndThenDoesNothing() throws {
        let connection = try Connection(try TestDatabase.create())
        let migrator = Migrator(connection: connection)
        #expect(try migrator.isCurrent() == false)
        let first = try migrator.migrate()
        #expect(first.controlApplied == Migrations.control.map(\.version))
        let second = try migrator.migrate()
        #expect(second.controlApplied.isEmpty)
        #expect(second.organizationsMigrated == 0)
        #expect(try migrator.isCurrent())
        let versions = try connection.query("SELECT version FROM roster.migrations ORDER BY version")
        #expect(try versions.rows.map { try $0.decode(Int.self, at: 0) } == Migrations.control.map(\.version))
    }

    @Test func concurrentMigrationsBothSucceed() throws {
        let url = try TestDatabase.create()
        let results = Results()
        let threads = (0..<4).map { _ in
            Thread {
                do {
                    let connection = try Connection(url)
                    try Migrator(connection: connection).migrate()
                    results.append(nil)
                } catch {
                    results.append("\(error)")
                }
            }
        }
        threads.forEach { $0.start() }
        let deadline = Date().addingTimeInterval(60)
        while results.count < 4 && Date() < deadline { usleep(20_000) }
        #expect(results.errors == [nil, nil, nil, nil])
        let connection = try Connection(url)
        let count: Int = try connection.query("SELECT count(*) FROM roster.migrations")[0].decode(at: 0)
        #expect(count == Migrations.control.count)
    }

    @Test func bringsOldOrganizationSchemasUpToDate() throws {
        let url = try TestDatabase.createMigrated()
        let connection = try Connection(url)
        let plane = ControlPlane(connection: connection)
        let org = try plane.createOrganization(slug: Slug("old"), name: "Old", plan: .team, hosts: [])
        // Pretend the schema predates the latest version: the migrator must reapply nothing twice and
        // record the version again.
        try connection.execute("UPDATE roster.organizations SET schema_version = 0 WHERE slug = 'old'")
        try connection.execute("DROP SCHEMA org_old CASCADE")
        #expect(try Migrator(connection: connection).isCurrent() == false)
        let report = try Migrator(connection: connection).migrate()
        #expect(report.organizationsMigrated == 1)
        #expect(try Migrator(connection: connection).isCurrent())
        let groups: Int = try connection.query("SELECT count(*) FROM org_old.groups")[0].decode(at: 0)
        #expect(groups == 4)
        #expect(org.schemaName == "org_old")
    }
}

/// Collects thread results under a lock.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String?] = []
    func append(_ item: String?) { lock.withLock { items.append(item) } }
    var count: Int { lock.withLock { items.count } }
    var errors: [String?] { lock.withLock { items } }
}
