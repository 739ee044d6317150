/// A User or Group body that passed ``ResourceDocument/validate(_:as:limits:)``: the client-settable
/// attributes in canonical form, plus what is kept apart from them.
public struct ValidatedResource: Sendable, Hashable {
    /// The resource type the body was validated as.
    public var resourceType: ResourceType
    /// The attributes to store, in the shape the PATCH engine works on: canonical attribute names, core
    /// attributes (and Roster's `metadata`) at the top level, each other extension's attributes in an object
    /// under its schema URN. Never holds `schemas`, `id`, `meta`, read-only attributes, `password` or Group
    /// `members`. Unassigned values (null, empty arrays, empty objects) are left out.
    public var attributes: JSONObject
    /// The write-only `password` (RFC 7643 §4.1.1), if sent. Okta sends a random placeholder on create; it is
    /// never stored in ``attributes`` nor rendered.
    public var password: String?
    /// The canonical schema URNs the resource uses: the core schema, then each extension with attributes.
    public var schemas: [String]
    /// Group `members`, in order without repeated values; `nil` when the body had no `members` key, so a PUT
    /// without it can keep the memberships (a `null` or empty array is an empty list). Always `nil` for Users.
    public var members: [MemberReference]?
    /// Every IdP-dialect normalisation applied, for the provisioning log.
    public var rewrites: [String]

    /// A validated resource (normally made by ``ResourceDocument/validate(_:as:limits:)``).
    public init(
        resourceType: ResourceType, attributes: JSONObject, password: String? = nil, schemas: [String],
        members: [MemberReference]? = nil, rewrites: [String] = []
    ) {
        self.resourceType = resourceType
        self.attributes = attributes
        self.password = password
        self.schemas = schemas
        self.members = members
        self.rewrites = rewrites
    }

    /// `userName` (always set for a validated User; `nil` for a Group).
    public var userName: String? { attributes["userName"]?.stringValue }

    /// `externalId`, the client's identifier (Okta's user id, Entra's object id), if sent.
    public var externalId: String? { attributes["externalId"]?.stringValue }

    /// `displayName` (always set for a validated Group; optional for a User).
    public var displayName: String? { attributes["displayName"]?.stringValue }

    /// `active`; `true` when not sent (RFC 7643 leaves the default to the service provider, and a newly
    /// provisioned user is meant to sign in). On PUT, `attributes["active"] == nil` tells an omitted value
    /// apart, so a partial PUT need not re-enable a deactivated user.
    public var active: Bool { attributes["active"]?.boolValue ?? true }
}
