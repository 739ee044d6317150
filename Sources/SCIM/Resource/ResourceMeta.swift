import Foundation

/// The server-maintained `meta` of a stored resource (RFC 7643 §3.1), as ``ResourceDocument`` renders it.
public struct ResourceMeta: Sendable, Hashable {
    /// When the resource was created.
    public var created: Date
    /// When the resource last changed.
    public var lastModified: Date
    /// The resource's URI, e.g. `https://acme.example.com/api/scim/v2/Users/2819c223`; `$ref`s of members
    /// and groups are built from the base URL it starts with.
    public var location: String
    /// The weak entity tag, e.g. `W/"3"` (RFC 7644 §3.14), also sent as the `ETag` header.
    public var version: String

    /// A meta.
    public init(created: Date, lastModified: Date, location: String, version: String) {
        self.created = created
        self.lastModified = lastModified
        self.location = location
        self.version = version
    }
}
