import Foundation
import Postgres

/// The administrative operations on organizations, hosts, plans, flags, API tokens and the provisioning
/// log: the one implementation behind the `roster` CLI and the admin API.
///
/// Both front ends parse their input (command-line words, JSON fields, form fields) with the same
/// validating types — `Slug`, `Plan`, `HostName`, `FeatureFlag`, ``NewOrganization``, ``NewToken``,
/// ``LogPageRequest`` and the parsers here — before anything touches the database, then call one of these
/// operations, each one transaction, and render the result values with ``AdministrationJSON``. Errors
/// are `StoreError`: `.invalid` (bad input), `.notFound`, `.conflict` (duplicate), `.refused` (plan or
/// beta gate), `.database`.
public struct Administration {
    /// The control plane the operations run on.
    public let plane: ControlPlane

    /// Administration through `connection` (a migrated database).
    public init(connection: Connection) {
        self.plane = ControlPlane(connection: connection)
    }

    /// Administration through an existing control plane.
    public init(plane: ControlPlane) {
        self.plane = plane
    }

    // MARK: Organizations

    /// Creates an organization with its schema, default groups and host names.
    public func createOrganization(_ new: NewOrganization) throws(StoreError) -> Organization {
        try plane.createOrganization(slug: new.slug, name: new.name, plan: new.plan, hosts: new.hosts)
    }

    /// Every organization, by slug.
    public func listOrganizations() throws(StoreError) -> [Organization] {
        try plane.listOrganizations()
    }

    /// One organization; `.notFound` when the slug is unknown.
    public func organization(_ slug: Slug) throws(StoreError) -> Organization {
        try plane.organization(slug)
    }

    /// Changes an organization's plan.
    public func setPlan(_ slug: Slug, _ plan: Plan) throws(StoreError) -> Organization {
        try plane.setPlan(slug, plan)
    }

    /// Sets an organization's SCIM rate limit (requests per second), or nil for the server's default.
    public func setRateLimit(_ slug: Slug, _ perSecond: Int?) throws(StoreError) -> Organization {
        try plane.setRateLimit(slug, perSecond)
    }

    /// The rate limits an organization may be given, in requests per second.
    public static let rateLimitRange = 1...100_000

    /// A rate limit as an operator writes it: `1`–`100000`, or `default` (nil: the server's default).
    public static func parseRateLimit(_ text: String) throws(StoreError) -> Int? {
        if text == "default" { return nil }
        guard let value = Int(text), rateLimitRange.contains(value) else {
            throw .invalid("invalid rate limit '\(text.prefix(20))': use 1-100000 requests per second or 'default'")
        }
        return value
    }

    // MARK: Hosts and flags

    /// Adds a host name; `.conflict` when an organization already has it.
    public func addHost(_ slug: Slug, _ host: HostName) throws(StoreError) -> Organization {
        try plane.addHost(slug, host)
    }

    /// Removes a host name; `.notFound` when the organization does not have it.
    public func removeHost(_ slug: Slug, _ host: HostName) throws(StoreError) -> Organization {
        try plane.removeHost(slug, host)
    }

    /// Sets a flag (idempotent).
    public func setFlag(_ slug: Slug, _ flag: FeatureFlag) throws(StoreError) -> Organization {
        try plane.setFlag(slug, flag)
    }

    /// Unsets a flag (idempotent).
    public func unsetFlag(_ slug: Slug, _ flag: FeatureFlag) throws(StoreError) -> Organization {
        try plane.unsetFlag(slug, flag)
    }

    /// The flags set for an organization.
    public func flags(_ slug: Slug) throws(StoreError) -> [String] {
        try plane.organization(slug).flags
    }

    // MARK: Tokens

    /// Creates an API token; the result carries its secret, which exists nowhere else afterwards (the
    /// database keeps its SHA-256). Refused unless the organization is Enterprise with `api-beta`.
    public func createToken(_ slug: Slug, _ new: NewToken) throws(StoreError) -> CreatedToken {
        let (token, secret) = try plane.createToken(
            slug, name: new.name, description: new.description, scopes: new.scopes,
            expiresInDays: new.expiresInDays)
        return CreatedToken(token: token, secret: secret.value)
    }

    /// An organization's tokens, newest first, without secrets.
    public func listTokens(_ slug: Slug) throws(StoreError) -> [APIToken] {
        try plane.listTokens(slug)
    }

    /// Revokes a token at once (running servers drop it through `NOTIFY roster_tokens`); `.notFound` for
    /// a token of another organization.
    public func revokeToken(_ slug: Slug, id: UUID) throws(StoreError) -> APIToken {
        try plane.revokeToken(slug, id: id)
    }

    /// A token id as the token list shows it.
    public static func parseTokenID(_ text: String) throws(StoreError) -> UUID {
        guard let id = UUID(text: text) else {
            throw .invalid("invalid token id '\(text.prefix(40))': use the id the token list shows")
        }
        return id
    }
}

/// A token just created: its listing and the secret, shown to the operator once.
public struct CreatedToken: Sendable {
    /// The token as it will be listed.
    public let token: APIToken
    /// The bearer secret (`roster_…`); only its SHA-256 is stored.
    public let secret: String
}
