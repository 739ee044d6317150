import Foundation
import SCIM

/// A group as stored: its columns, canonical attributes, row metadata and (when loaded) its members.
public struct GroupRecord: Sendable {
    /// Server-assigned id.
    public let id: UUID
    /// SCIM `displayName`.
    public let displayName: String
    /// The default group's role (`admin`, `editor`, `viewer`, `all-users`); nil for groups clients made.
    public let systemRole: String?
    /// The canonical client-settable attributes (displayName, externalId; never members).
    public let attributes: JSONObject
    /// Row version: `meta.version` is `W/"<version>"`.
    public let version: Int64
    /// `meta.created`.
    public let createdAt: Date
    /// `meta.lastModified`.
    public let updatedAt: Date
    /// The members, in membership order; nil when they were not loaded.
    public var members: [GroupMember]?

    /// The weak ETag of this version.
    public var etag: String { "W/\"\(version)\"" }

    /// Whether this is one of the protected default groups.
    public var isDefault: Bool { systemRole != nil }

    /// Whether this is `All Users`, whose members are every user of the organization.
    public var isAllUsers: Bool { systemRole == GroupRepository.allUsersRole }
}

/// A member of a group: a user's id and display text.
public struct GroupMember: Sendable, Equatable {
    /// User id.
    public let id: UUID
    /// The user's displayName, or userName when it has none.
    public let display: String
}

/// One membership change of a PATCH or PUT, applied in order by set-based SQL.
public enum MembershipChange: Sendable, Equatable {
    /// Adds these user ids (idempotent). Unknown ids refuse the whole request.
    case add([String])
    /// Removes only these user ids (a `members[value eq …]` filter or Entra's value list).
    case remove([String])
    /// Removes every member (RFC 7644 §3.5.2.2: `remove` on `members` without a value).
    case removeAll
    /// Makes the members exactly these user ids (PATCH `replace members`, PUT with `members`).
    case replace([String])
}

/// What a group write did to the members, for the provisioning log and the guards.
struct MembershipOutcome {
    /// Users who were not members before and are now.
    var added: [UUID] = []
    /// Users who were members before and are not now.
    var removed: [UUID] = []
    /// Whether a `remove` without a value cleared the members.
    var cleared = false

    /// Whether the member set differs from before.
    var isChange: Bool { !added.isEmpty || !removed.isEmpty }
}

/// A write refused by the mass-change guard; logged in its own transaction after the write rolled back.
struct MassRemovalRefused: Error {
    let groupID: UUID
    let members: Int
    let removing: Int
    let context: WriteContext

    var error: SCIMError {
        SCIMError(
            status: 409, scimType: nil,
            detail: "refused: this change would remove \(removing) of the group's \(members) members, more than "
                + "\(Int(GroupRepository.massRemovalMaximumShare * 100))% of a group with at least "
                + "\(GroupRepository.massRemovalMinimumMembers) members in one request. Send smaller changes, or "
                + "have an administrator set the allow-mass-removal flag")
    }
}

/// Which members a read loads.
public enum MemberLoading: Sendable {
    /// None (`excludedAttributes=members`, lists): the member table is not read.
    case none
    /// All of them; 400 `tooMany` beyond ``GroupRepository/maxRenderedMembers``.
    case all
    /// All of them when within ``GroupRepository/maxRenderedMembers``, otherwise none (write responses).
    case withinCap
}
