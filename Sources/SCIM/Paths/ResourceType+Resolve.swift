// Attribute resolution: from what a client wrote to the canonical definition (RFC 7643 §2.1: names
// are case-insensitive; RFC 7644 §3.10: names may be qualified by their schema URN).

extension ResourceType {
    /// Resolves `path` against this resource type's schemas, ASCII case-insensitively; `nil` when the
    /// schema, attribute or sub-attribute is unknown, or a sub-attribute is given on a simple attribute.
    ///
    /// Unqualified names are looked up in the core schema (including `id`, `externalId`, `meta`) and
    /// then in each extension, so `metadata.costCode` finds Roster's `metadata`.
    public func resolve(_ path: AttributePath) -> ResolvedAttribute? {
        let candidates: [Schema]
        if let urn = path.schema {
            guard let schema = schemas.first(where: { JSONObject.keysEqual($0.id, urn) }) else { return nil }
            candidates = [schema]
        } else {
            candidates = schemas
        }
        for schema in candidates {
            guard let attribute = schema.attribute(named: path.name) else { continue }
            let containerKey = schema.attributesAtTopLevel ? nil : schema.id
            guard let subName = path.subAttribute else {
                return ResolvedAttribute(
                    schemaID: schema.id, containerKey: containerKey, attribute: attribute, subAttribute: nil,
                    subAttributeName: nil)
            }
            guard attribute.isComplex else { return nil }
            if let sub = attribute.subAttribute(named: subName) {
                return ResolvedAttribute(
                    schemaID: schema.id, containerKey: containerKey, attribute: attribute, subAttribute: sub,
                    subAttributeName: sub.name)
            }
            guard attribute.allowsAnySubAttribute else { return nil }
            return ResolvedAttribute(
                schemaID: schema.id, containerKey: containerKey, attribute: attribute, subAttribute: nil,
                subAttributeName: subName)
        }
        return nil
    }

    /// Parses and resolves `text`; `nil` when either fails.
    public func resolve(_ text: String) -> ResolvedAttribute? {
        AttributePath(text).flatMap { resolve($0) }
    }

    /// Resolves a sub-attribute name inside a complex attribute (the attribute paths inside a value
    /// filter such as `emails[type eq "work"]`).
    public func resolve(subAttribute name: String, of parent: ResolvedAttribute) -> ResolvedAttribute? {
        guard parent.attribute.isComplex, !parent.hasSubAttribute else { return nil }
        var resolved = parent
        if let sub = parent.attribute.subAttribute(named: name) {
            resolved.subAttribute = sub
            resolved.subAttributeName = sub.name
            return resolved
        }
        guard parent.attribute.allowsAnySubAttribute else { return nil }
        resolved.subAttributeName = name
        return resolved
    }

    /// The schema (core or extension) whose URN is exactly `urn`, ASCII case-insensitively.
    public func schema(named urn: String) -> Schema? {
        schemas.first { JSONObject.keysEqual($0.id, urn) }
    }

    /// The extension schema whose URN is exactly `urn` (a PATCH path or value key naming a whole extension).
    public func extensionSchema(named urn: String) -> Schema? {
        extensions.first { JSONObject.keysEqual($0.schema.id, urn) }?.schema
    }
}
