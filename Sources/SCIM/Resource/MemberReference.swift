/// A reference from a Group to a member, or from a User to a group it belongs to: the referenced
/// resource's `id`, an optional display name and its kind.
public struct MemberReference: Sendable, Hashable {
    /// The kind of resource a reference points at (RFC 7643 §4.2: `members.type` is "User" or "Group").
    public enum Kind: String, Sendable, Hashable {
        /// A User.
        case user = "User"
        /// A Group (nested groups).
        case group = "Group"

        /// The kind named `text`, ASCII case-insensitively; `nil` for anything else.
        public init?(named text: String) {
            if JSONObject.keysEqual(text, "User") {
                self = .user
            } else if JSONObject.keysEqual(text, "Group") {
                self = .group
            } else {
                return nil
            }
        }

        /// The endpoint of the kind's resource type (`/Users`, `/Groups`), for `$ref`.
        var endpoint: String { self == .user ? ResourceType.user.endpoint : ResourceType.group.endpoint }
    }

    /// The referenced resource's `id`.
    public var value: String
    /// A human-readable name (`members.display`, `groups.display`).
    public var display: String?
    /// The referenced resource's kind; `nil` when a client did not say.
    public var type: Kind?

    /// A reference.
    public init(value: String, display: String? = nil, type: Kind? = nil) {
        self.value = value
        self.display = display
        self.type = type
    }
}
