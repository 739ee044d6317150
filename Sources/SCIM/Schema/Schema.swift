/// A schema (RFC 7643 §7): an id URN, a name and its attribute definitions.
public struct Schema: Sendable, Hashable {
    /// The schema URN, e.g. `urn:ietf:params:scim:schemas:core:2.0:User`.
    public var id: String
    /// A human-readable name, e.g. `User`.
    public var name: String
    /// A human-readable description.
    public var description: String
    /// The attribute definitions, in discovery order.
    public var attributes: [SchemaAttribute]
    /// Whether the attributes sit directly in the resource object rather than under a key named after
    /// ``id``: true for core schemas, and for Roster's `metadata` extension, because Okta sends its
    /// custom-attribute namespace `metadata` as a top-level key.
    public var attributesAtTopLevel: Bool

    /// A schema.
    public init(
        id: String, name: String, description: String, attributes: [SchemaAttribute], attributesAtTopLevel: Bool
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.attributes = attributes
        self.attributesAtTopLevel = attributesAtTopLevel
    }

    /// The attribute named `name` (ASCII case-insensitive).
    public func attribute(named name: String) -> SchemaAttribute? {
        attributes.first { JSONObject.keysEqual($0.name, name) }
    }

    /// Every built-in schema, in discovery order.
    public static let all: [Schema] = [.user, .enterpriseUser, .rosterUser, .group]

    /// The built-in schema with `id` (ASCII case-insensitive).
    public static func named(_ id: String) -> Schema? {
        all.first { JSONObject.keysEqual($0.id, id) }
    }
}

/// Schema and message URNs (RFC 7643 §8.7, RFC 7644 §3).
public enum SchemaURN {
    /// Core User.
    public static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    /// Core Group.
    public static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"
    /// Enterprise User extension.
    public static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    /// Roster's extension holding Okta's `metadata` custom-attribute namespace.
    public static let rosterUser = "urn:ietf:params:scim:schemas:extension:roster:2.0:User"
    /// ServiceProviderConfig.
    public static let serviceProviderConfig = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
    /// ResourceType.
    public static let resourceType = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
    /// Schema.
    public static let schema = "urn:ietf:params:scim:schemas:core:2.0:Schema"
    /// ListResponse message.
    public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    /// PatchOp message.
    public static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
    /// SearchRequest message.
    public static let searchRequest = "urn:ietf:params:scim:api:messages:2.0:SearchRequest"
    /// Error message.
    public static let error = "urn:ietf:params:scim:api:messages:2.0:Error"
}
