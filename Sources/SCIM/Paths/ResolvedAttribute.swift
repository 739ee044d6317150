/// An ``AttributePath`` resolved against a resource type: the canonical definitions and where the
/// value lives in a resource's JSON.
public struct ResolvedAttribute: Sendable, Hashable {
    /// The URN of the schema that defines the attribute.
    public var schemaID: String
    /// The key of the object holding the attribute in a resource: `nil` for the top level (core
    /// schemas, common attributes, Roster `metadata`), the extension URN otherwise.
    public var containerKey: String?
    /// The attribute definition.
    public var attribute: SchemaAttribute
    /// The sub-attribute definition, when the path names a defined sub-attribute.
    public var subAttribute: SchemaAttribute?
    /// The sub-attribute name: canonical when defined, as written under an open attribute (`metadata.<key>`).
    public var subAttributeName: String?

    /// A resolution result.
    public init(
        schemaID: String, containerKey: String?, attribute: SchemaAttribute, subAttribute: SchemaAttribute?,
        subAttributeName: String?
    ) {
        self.schemaID = schemaID
        self.containerKey = containerKey
        self.attribute = attribute
        self.subAttribute = subAttribute
        self.subAttributeName = subAttributeName
    }

    /// The canonical path: canonical spellings, with the schema URN only for attributes stored under it.
    public var path: AttributePath {
        AttributePath(schema: containerKey, name: attribute.name, subAttribute: subAttributeName)
    }

    /// Whether the path names a sub-attribute.
    public var hasSubAttribute: Bool { subAttributeName != nil }

    /// Whether the sub-attribute is an arbitrary key under an open attribute (`metadata.<key>`).
    public var isOpenSubAttribute: Bool { subAttributeName != nil && subAttribute == nil }

    /// The definition the path ends at: the sub-attribute if any, else the attribute. For an open
    /// sub-attribute this is a synthesized single-valued string attribute with the parent's mutability.
    public var leaf: SchemaAttribute {
        if let subAttribute { return subAttribute }
        if let subAttributeName {
            return SchemaAttribute(
                name: subAttributeName, type: .string, mutability: attribute.mutability,
                description: "Custom attribute under '\(attribute.name)'.")
        }
        return attribute
    }

    /// The effective mutability: a read-only parent makes every sub-attribute read-only.
    public var mutability: SchemaAttribute.Mutability {
        attribute.mutability == .readOnly ? .readOnly : leaf.mutability
    }
}
