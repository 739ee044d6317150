import Foundation
import Postgres
import Store
import Synchronization

/// Seeds a `BenchDataset` with set-based SQL: the organizations through `ControlPlane` (schema, host, flag,
/// token), then per organization one `INSERT … SELECT generate_series` per 50,000 users, one for the groups
/// and one for the memberships. A few worker connections run organizations in parallel (schema creation
/// itself is serialised by Roster's migration lock); a progress line on standard error.
public struct BenchSeeder: Sendable {
    /// The database to seed.
    public let databaseURL: String
    /// Sizes.
    public let options: BenchOptions
    /// Parallel seeding connections.
    public var workers = 3

    /// A seeder for `databaseURL` with the sizes of `options`.
    public init(databaseURL: String, options: BenchOptions) {
        self.databaseURL = databaseURL
        self.options = options
    }

    /// Users inserted per statement (one progress step).
    static let chunk = 50_000

    /// Seeds everything and returns the dataset (with a fresh token per organization).
    public func run(progress: ProgressLine) throws -> BenchDataset {
        let setup = try Connection(databaseURL, applicationName: "roster-bench")
        try Migrator(connection: setup).migrate()
        setup.close()
        var planned: [(index: Int, users: Int)] = (1...options.organizations).map { ($0, options.users) }
        if options.needsGroupOrganization {
            planned.insert((0, options.bigGroup + BenchDataset.groupExtraUsers), at: 0)
        }
        let plan = planned
        let totalUsers = plan.reduce(0) { $0 + $1.users }
        let results = Mutex<[Int: BenchDataset.Organization]>([:])
        let failure = Mutex<(any Error)?>(nil)
        let next = Atomic<Int>(0)
        let usersDone = Atomic<Int>(0)
        let group = DispatchGroup()
        let started = ContinuousClock.now
        for _ in 0..<max(1, min(workers, plan.count)) {
            group.enter()
            Thread.detachNewThread { [self] in
                defer { group.leave() }
                do {
                    let connection = try Connection(databaseURL, applicationName: "roster-bench")
                    defer { connection.close() }
                    while failure.withLock({ $0 == nil }) {
                        let slot = next.add(1, ordering: .relaxed).oldValue
                        guard slot < plan.count else { return }
                        let organization = try seedOrganization(
                            plan[slot].index, users: plan[slot].users, on: connection
                        ) { usersDone.add($0, ordering: .relaxed) }
                        results.withLock { $0[organization.index] = organization }
                    }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        }
        while group.wait(timeout: .now() + 0.5) == .timedOut {
            let done = results.withLock { $0.count }
            progress.update(
                "seeding: \(done)/\(plan.count) organizations, \(usersDone.load(ordering: .relaxed))/\(totalUsers) "
                    + "users, \(Format.seconds(ContinuousClock.now - started))")
        }
        if let error = failure.withLock({ $0 }) { throw error }
        progress.finish(
            "seeded \(plan.count) organizations, \(totalUsers) users, \(options.groups) groups each in "
                + Format.seconds(ContinuousClock.now - started))
        let all = results.withLock { $0 }
        return BenchDataset(
            organizations: (1...options.organizations).compactMap { all[$0] }, groupOrganization: all[0],
            bigGroup: options.bigGroup, groups: options.groups)
    }

    /// Creates (or reuses) organization `index`, seeds its users and groups, and makes a token.
    func seedOrganization(
        _ index: Int, users: Int, on connection: Connection, progress: (Int) -> Void
    ) throws -> BenchDataset.Organization {
        let host = BenchDataset.host(forIndex: index)
        let slug = try Slug(BenchDataset.slug(forIndex: index))
        let plane = ControlPlane(connection: connection)
        // Safe: bench slugs are valid schema names.
        let schema = SQLIdentifier(BenchDataset.schema(forIndex: index))!
        var existing = 0
        do throws(StoreError) {
            _ = try plane.createOrganization(
                slug: slug, name: "Bench \(slug.value)", plan: .enterprise, hosts: [HostName(host)])
            _ = try plane.setFlag(slug, .apiBeta)
            _ = try plane.setRateLimit(slug, 100_000)
        } catch {
            // Seeded by an earlier run against the same database: keep its users.
            guard case .conflict = error else { throw error }
            existing = try connection.query("SELECT count(*) FROM \(ident: schema).users")[0].decode(at: 0)
        }
        if existing < users {
            var from = existing + 1
            while from <= users {
                let to = min(users, from + Self.chunk - 1)
                try connection.execute(
                    BenchSQL.insertUsers(schema: schema, index: index, host: host, from: from, to: to))
                progress(to - from + 1)
                from = to + 1
            }
            try connection.execute(BenchSQL.insertGroups(schema: schema, index: index, dataset: groupShape(index)))
            try connection.execute(BenchSQL.insertMembers(schema: schema, index: index, dataset: groupShape(index)))
            for table in ["users", "groups", "group_members"] {
                try connection.execute("ANALYZE \(ident: schema).\(ident: SQLIdentifier(table)!)")
            }
        } else {
            progress(users)
        }
        let secret = try plane.createToken(slug, name: "bench", scopes: [.scim]).secret
        return BenchDataset.Organization(index: index, host: host, token: secret.value, users: users)
    }

    /// The groups organization `index` gets.
    func groupShape(_ index: Int) -> BenchSQL.GroupShape {
        index == 0
            ? BenchSQL.GroupShape(
                users: options.bigGroup + BenchDataset.groupExtraUsers, groups: 0, big: options.bigGroup)
            : BenchSQL.GroupShape(users: options.users, groups: options.groups, big: nil)
    }
}
