import Foundation

/// The seeded data, as the request generators and the pgbench scripts see it.
///
/// Ids are deterministic so that neither side has to read them back: user `n` (1-based) of organization `k`
/// has the id `kkkkkkkk-0000-4000-8000-nnnnnnnnnnnn` (both numbers in decimal digits, which are valid hex),
/// group `n` the id `kkkkkkkk-0000-4000-9000-nnnnnnnnnnnn`. User `n` is `user<n>@<host>`.
public struct BenchDataset: Sendable, Equatable {
    /// One seeded organization.
    public struct Organization: Sendable, Equatable {
        /// The organization number (1-based; 0 for the group organization).
        public let index: Int
        /// Its host name, `org<index>.bench.test` (`groups.bench.test` for the group organization).
        public let host: String
        /// A SCIM token's secret.
        public let token: String
        /// Its schema name (`org_<slug>`).
        public var schema: String { BenchDataset.schema(forIndex: index) }
        /// Users seeded in it.
        public let users: Int

        /// An organization.
        public init(index: Int, host: String, token: String, users: Int) {
            self.index = index
            self.host = host
            self.token = token
            self.users = users
        }
    }

    /// The random pool: requests pick one of these uniformly.
    public var organizations: [Organization]
    /// The organization of the patch-group-add scenarios, when seeded: users 1…`bigGroup` are members of the
    /// big group, users 1…10 of the small one, and the users above `bigGroup` are members of neither.
    public var groupOrganization: Organization?
    /// Members of the big group.
    public var bigGroup: Int
    /// Groups per organization of the pool (besides the 10-member group and the default groups).
    public var groups: Int

    /// A dataset.
    public init(organizations: [Organization], groupOrganization: Organization?, bigGroup: Int, groups: Int) {
        self.organizations = organizations
        self.groupOrganization = groupOrganization
        self.bigGroup = bigGroup
        self.groups = groups
    }

    /// Group number of the 10-member group in every organization.
    public static let smallGroupNumber = 0
    /// Group number of the big group in the group organization.
    public static let bigGroupNumber = 999_999
    /// Members of the small group.
    public static let smallGroupSize = 10

    /// The slug of organization `index`.
    public static func slug(forIndex index: Int) -> String { index == 0 ? "groups" : "org\(index)" }
    /// The host of organization `index`.
    public static func host(forIndex index: Int) -> String { "\(slug(forIndex: index)).bench.test" }
    /// The schema of organization `index` (`org_` + slug, as Roster names it).
    public static func schema(forIndex index: Int) -> String { "org_\(slug(forIndex: index))" }

    /// The id of user `number` of organization `index`.
    public static func userID(organization index: Int, user number: Int) -> String {
        "\(digits(index, 8))-0000-4000-8000-\(digits(number, 12))"
    }

    /// The id of group `number` of organization `index`.
    public static func groupID(organization index: Int, group number: Int) -> String {
        "\(digits(index, 8))-0000-4000-9000-\(digits(number, 12))"
    }

    /// The userName of user `number` in the organization on `host`.
    public static func userName(_ number: Int, host: String) -> String { "user\(number)@\(host)" }

    /// The organization index a bench host names (`org12.bench.test` → 12, `groups.bench.test` → 0).
    public static func index(ofHost host: String) -> Int? {
        guard host.hasSuffix(".bench.test") else { return nil }
        let slug = host.dropLast(".bench.test".count)
        if slug == "groups" { return 0 }
        guard slug.hasPrefix("org"), let number = Int(slug.dropFirst(3)), number > 0 else { return nil }
        return number
    }

    /// Reads a dataset from `host token` lines (as written by the seeder).
    public static func read(
        tokensFile path: String, users: Int, bigGroup: Int, groups: Int
    ) throws(BenchUsageError) -> BenchDataset {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchUsageError("cannot read \(path)")
        }
        var pool: [Organization] = []
        var groupOrganization: Organization?
        for line in text.split(separator: "\n") where !line.isEmpty {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let index = index(ofHost: String(parts[0])) else {
                throw BenchUsageError("\(path): expected 'orgN.bench.test TOKEN' lines")
            }
            if index == 0 {
                groupOrganization = Organization(
                    index: 0, host: String(parts[0]), token: String(parts[1]), users: bigGroup + groupExtraUsers)
            } else {
                pool.append(Organization(index: index, host: String(parts[0]), token: String(parts[1]), users: users))
            }
        }
        guard !pool.isEmpty else { throw BenchUsageError("\(path) names no organization") }
        return BenchDataset(
            organizations: pool, groupOrganization: groupOrganization, bigGroup: bigGroup, groups: groups)
    }

    /// The `host token` lines of the dataset.
    public var tokenLines: String {
        (organizations + (groupOrganization.map { [$0] } ?? [])).map { "\($0.host) \($0.token)\n" }.joined()
    }

    /// Users of the group organization beyond the big group's members (the ones the scenarios add).
    public static let groupExtraUsers = 10_000

    private static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
