/// A resource type (RFC 7643 §6): an endpoint with its core schema and schema extensions.
public struct ResourceType: Sendable, Hashable {
    /// A schema extension of a resource type.
    public struct Extension: Sendable, Hashable {
        /// The extension schema.
        public var schema: Schema
        /// Whether resources must include it.
        public var required: Bool

        /// An extension.
        public init(schema: Schema, required: Bool) {
            self.schema = schema
            self.required = required
        }
    }

    /// The id and name, e.g. `User`.
    public var id: String
    /// The endpoint relative to the base URL, e.g. `/Users`.
    public var endpoint: String
    /// A human-readable description.
    public var description: String
    /// The core schema.
    public var schema: Schema
    /// The schema extensions.
    public var extensions: [Extension]

    /// A resource type.
    public init(id: String, endpoint: String, description: String, schema: Schema, extensions: [Extension]) {
        self.id = id
        self.endpoint = endpoint
        self.description = description
        self.schema = schema
        self.extensions = extensions
    }

    /// The core schema then every extension schema.
    public var schemas: [Schema] { [schema] + extensions.map(\.schema) }

    /// Users, with the Enterprise and Roster extensions (both optional).
    public static let user = ResourceType(
        id: "User", endpoint: "/Users", description: "User Account", schema: .user,
        extensions: [
            Extension(schema: .enterpriseUser, required: false),
            Extension(schema: .rosterUser, required: false),
        ])

    /// Groups.
    public static let group = ResourceType(
        id: "Group", endpoint: "/Groups", description: "Group", schema: .group, extensions: [])

    /// Every resource type, in discovery order.
    public static let all: [ResourceType] = [.user, .group]
}
