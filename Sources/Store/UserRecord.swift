import Foundation
import Postgres
import SCIM

/// A user as stored: the extracted columns, the canonical SCIM attributes and the row's metadata.
public struct UserRecord: Sendable {
    /// Server-assigned id.
    public let id: UUID
    /// SCIM `userName`.
    public let userName: String
    /// Whether the user may sign in (and counts as billable).
    public let active: Bool
    /// The canonical client-settable attributes (no id, meta, groups or password).
    public let attributes: JSONObject
    /// Row version: `meta.version` is `W/"<version>"`.
    public let version: Int64
    /// `meta.created`.
    public let createdAt: Date
    /// `meta.lastModified`.
    public let updatedAt: Date
    /// The groups the user belongs to (direct memberships and `All Users`).
    public let groups: [GroupReference]

    /// The weak ETag of this version.
    public var etag: String { "W/\"\(version)\"" }
}

/// A group a resource refers to (a user's `groups`).
public struct GroupReference: Sendable, Equatable {
    /// Group id.
    public let id: UUID
    /// Group displayName.
    public let displayName: String
}

/// What a create or replace writes: the extracted columns and the canonical attributes.
public struct UserWrite: Sendable {
    /// `userName` (required).
    public var userName: String
    /// `externalId`.
    public var externalId: String?
    /// `displayName`.
    public var displayName: String?
    /// `active` (default true).
    public var active: Bool
    /// Canonical attributes, as stored.
    public var attributes: JSONObject

    /// `lower()` of every `emails[].value`, for the indexed `email_values` column.
    public var emailValues: [String] {
        attributes["emails"]?.arrayValue?.compactMap { $0.objectValue?["value"]?.stringValue?.lowercased() } ?? []
    }

    /// A write.
    public init(userName: String, externalId: String?, displayName: String?, active: Bool, attributes: JSONObject) {
        self.userName = userName
        self.externalId = externalId
        self.displayName = displayName
        self.active = active
        self.attributes = attributes
    }

    /// Extracts the columns from canonical User attributes.
    public init(attributes: JSONObject) {
        self.init(
            userName: attributes["userName"]?.stringValue ?? "", externalId: attributes["externalId"]?.stringValue,
            displayName: attributes["displayName"]?.stringValue, active: attributes["active"]?.boolValue ?? true,
            attributes: attributes)
    }
}
