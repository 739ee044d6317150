import Postgres

/// An organization as a request sees it: resolved from the Host header, cached per process.
public struct Tenant: Sendable, Equatable {
    /// Internal organization id.
    public let organizationID: Int64
    /// Slug (for logs and metrics).
    public let slug: String
    /// Plan (SCIM needs Enterprise).
    public let plan: Plan
    /// The organization's schema.
    public let schema: SQLIdentifier
    /// Flags that are set.
    public let flags: Set<String>
    /// SCIM requests per second allowed for this organization; nil: the server's default.
    public let rateLimit: Int?

    /// Creates a tenant value.
    public init(
        organizationID: Int64, slug: String, plan: Plan, schema: SQLIdentifier, flags: Set<String>,
        rateLimit: Int? = nil
    ) {
        self.organizationID = organizationID
        self.slug = slug
        self.plan = plan
        self.schema = schema
        self.flags = flags
        self.rateLimit = rateLimit
    }

    /// Whether `flag` is set for this organization.
    public func has(_ flag: FeatureFlag) -> Bool { flags.contains(flag.rawValue) }
}
