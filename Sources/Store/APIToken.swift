import Foundation

/// What an API token may do.
public enum TokenScope: String, Sendable, CaseIterable {
    /// The SCIM provisioning API under `/api/scim/v2`.
    case scim

    /// Parses a scope name; throws `.invalid` listing the scopes.
    public init(parsing text: String) throws(StoreError) {
        guard let scope = TokenScope(rawValue: text.lowercased()) else {
            let known = TokenScope.allCases.map(\.rawValue).joined(separator: ", ")
            throw .invalid("unknown scope '\(text.prefix(40))': known scopes are \(known)")
        }
        self = scope
    }
}

/// An API token as listed: everything but the secret, which is never stored.
public struct APIToken: Sendable, Equatable {
    /// Token id.
    public let id: UUID
    /// Name given at creation.
    public let name: String
    /// Description given at creation.
    public let description: String
    /// Scopes.
    public let scopes: [String]
    /// The first characters of the secret, for recognising it.
    public let prefix: String
    /// Creation time.
    public let createdAt: Date
    /// Last use, to the minute.
    public let lastUsedAt: Date?
    /// Expiry, if any.
    public let expiresAt: Date?
    /// Revocation time, if revoked.
    public let revokedAt: Date?

    /// Whether the token authorizes requests at `now`.
    public func isLive(at now: Date = Date()) -> Bool {
        revokedAt == nil && (expiresAt.map { $0 > now } ?? true)
    }
}
