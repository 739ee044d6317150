import Foundation

/// A validated request to create an organization.
public struct NewOrganization: Sendable {
    /// The slug.
    public let slug: Slug
    /// The display name, trimmed: 1-200 printable characters.
    public let name: String
    /// The plan.
    public let plan: Plan
    /// Its host names, none twice.
    public let hosts: [HostName]

    /// Validates every field; throws `.invalid` naming the first bad one.
    public init(slug: String, name: String, plan: String, hosts: [String]) throws(StoreError) {
        self.slug = try Slug(slug)
        self.name = try Self.displayName(name, what: "name")
        self.plan = try Plan(parsing: plan)
        var names: [HostName] = []
        for host in hosts { names.append(try HostName(host)) }
        guard Set(names).count == names.count else { throw .invalid("the same host name is given twice") }
        self.hosts = names
    }

    /// `text` trimmed, when it is 1-200 characters without control characters.
    static func displayName(_ text: String, what: String) throws(StoreError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(trimmed.count), !trimmed.unicodeScalars.contains(where: { $0.value < 32 }) else {
            throw .invalid("invalid \(what): use 1-200 printable characters")
        }
        return trimmed
    }
}

/// A validated request to create an API token.
public struct NewToken: Sendable {
    /// The name, trimmed: 1-200 printable characters.
    public let name: String
    /// A description of at most 1000 characters.
    public let description: String
    /// At least one scope.
    public let scopes: [TokenScope]
    /// Days until it expires (1-3650), or nil for never.
    public let expiresInDays: Int?

    /// Days a token may be made to live.
    public static let expiryRange = 1...3650

    /// Validates every field; throws `.invalid` naming the first bad one.
    public init(name: String, description: String, scopes: [String], expiresInDays: Int?) throws(StoreError) {
        self.name = try NewOrganization.displayName(name, what: "token name")
        guard description.count <= 1000 else { throw .invalid("invalid description: at most 1000 characters") }
        self.description = description
        var parsed: [TokenScope] = []
        for scope in scopes { parsed.append(try TokenScope(parsing: scope)) }
        guard !parsed.isEmpty else { throw .invalid("a token needs at least one scope") }
        self.scopes = parsed
        if let days = expiresInDays, !Self.expiryRange.contains(days) {
            throw .invalid("invalid expiry: use a number of days from 1 to 3650")
        }
        self.expiresInDays = expiresInDays
    }
}

/// A validated request for a page of the provisioning log.
public struct LogPageRequest: Sendable, Equatable {
    /// Entries older than this entry id (nil: from the newest).
    public let before: Int64?
    /// Entries on the page: 1…``maxCount``.
    public let count: Int

    /// The most entries one page holds.
    public static let maxCount = 500
    /// The page size when none is asked for.
    public static let defaultCount = 50

    /// Parses `before` and `count` as given in a query string or on the command line (nil: the default).
    public init(before: String?, count: String?) throws(StoreError) {
        if let before {
            guard let value = Int64(before), value >= 1 else {
                throw .invalid("invalid cursor '\(before.prefix(20))': 'before' is a positive entry id")
            }
            self.before = value
        } else {
            self.before = nil
        }
        if let count {
            guard let value = Int(count), (1...Self.maxCount).contains(value) else {
                throw .invalid("invalid count '\(count.prefix(20))': use 1-\(Self.maxCount) entries per page")
            }
            self.count = value
        } else {
            self.count = Self.defaultCount
        }
    }
}
