// RFC 7643 §4.2 and §8.7.1: the core Group schema.

extension Schema {
    /// The core Group schema, `urn:ietf:params:scim:schemas:core:2.0:Group`, preceded by the common attributes.
    public static let group = Schema(
        id: SchemaURN.group,
        name: "Group",
        description: "Group",
        attributes: commonAttributes + [
            SchemaAttribute(
                name: "displayName", type: .string, required: true, uniqueness: .server,
                description:
                    "A human-readable name for the Group, unique in the organization (case-insensitively). REQUIRED."),
            SchemaAttribute(
                name: "members", type: .complex, multiValued: true,
                subAttributes: [
                    SchemaAttribute(
                        name: "value", type: .string, mutability: .immutable,
                        description: "Identifier of the member of this Group."),
                    SchemaAttribute(
                        name: "$ref", type: .reference, mutability: .immutable, referenceTypes: ["User", "Group"],
                        description: "The URI corresponding to a SCIM resource that is a member of this Group."),
                    SchemaAttribute(
                        name: "display", type: .string, mutability: .readOnly,
                        description: "A human-readable name for the member, primarily used for display purposes."),
                    SchemaAttribute(
                        name: "type", type: .string, mutability: .immutable, canonicalValues: ["User", "Group"],
                        description: "A label indicating the type of resource, e.g., 'User' or 'Group'."),
                ],
                description: "A list of members of the Group."),
        ],
        attributesAtTopLevel: true
    )
}
