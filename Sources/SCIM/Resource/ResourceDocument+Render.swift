// Rendering a stored resource for a response (RFC 7643 §4, §3.1 `meta`).

extension ResourceDocument {
    /// The response body of a stored resource of `type`.
    ///
    /// Order: `schemas` (the core schema and each extension with attributes), `id`, `externalId`, core
    /// attributes in schema order, extension attributes (Roster's `metadata` at the top level, where Okta reads
    /// its namespace back; others in an object under their URN), then `groups` (User) or `members` (Group)
    /// from `references`, then `meta`.
    ///
    /// Only attributes the schemas define are rendered, under their canonical names: `password` (returned
    /// never), stray keys and stored copies of `id`, `meta`, `groups` or `members` never reach a client.
    /// Unassigned values (null, empty arrays and objects) are left out, as RFC 7643 §2.5 allows, except a User's
    /// `active`, rendered `true` when unassigned (``ValidatedResource/active`` has the same default).
    ///
    /// - Parameters:
    ///   - references: for a User, the groups it belongs to (rendered as `groups`, `type` "direct"); for a
    ///     Group, its members (rendered as `members`). `$ref` is built from the base URL `meta.location` starts
    ///     with, and left out when the location does not end with the type's endpoint and `id` or a member's
    ///     kind is unknown.
    public static func render(
        type: ResourceType, id: String, attributes: JSONObject, meta: ResourceMeta,
        references: [MemberReference] = []
    ) -> JSONObject {
        let isGroup = JSONObject.keysEqual(type.schema.id, SchemaURN.group)
        let referencesName = isGroup ? "members" : "groups"
        var schemas: [JSONValue] = [.string(type.schema.id)]
        var members: [JSONObject.Member] = [("schemas", .array([])), ("id", .string(id))]
        members.reserveCapacity(attributes.count + 6)
        if let externalId = attributes["externalId"], !DocumentValidator.isUnassigned(externalId) {
            members.append(("externalId", externalId))
        }
        let skipped = Schema.commonAttributes.map(\.name) + [referencesName]
        for attribute in type.schema.attributes
        where attribute.returned != .never && !skipped.contains(where: { JSONObject.keysEqual($0, attribute.name) }) {
            if let value = attributes[attribute.name], !DocumentValidator.isUnassigned(value) {
                members.append((attribute.name, value))
            } else if !isGroup && JSONObject.keysEqual(attribute.name, "active") {
                // Okta's and Entra's test suites expect `active` on every User; unassigned means active.
                members.append((attribute.name, true))
            }
        }
        for ext in type.extensions {
            let rendered = renderedAttributes(
                of: ext.schema,
                in: ext.schema.attributesAtTopLevel ? attributes : attributes[ext.schema.id]?.objectValue ?? [:])
            guard !rendered.isEmpty else { continue }
            schemas.append(.string(ext.schema.id))
            if ext.schema.attributesAtTopLevel {
                members.append(contentsOf: rendered)
            } else {
                members.append((ext.schema.id, .object(JSONObject(uncheckedMembers: rendered))))
            }
        }
        if !references.isEmpty {
            let base = baseURL(of: meta.location, endpoint: type.endpoint, id: id)
            let values = references.map { JSONValue.object(render($0, isGroup: isGroup, baseURL: base)) }
            members.append((referencesName, .array(values)))
        }
        members.append(("meta", .object(render(meta, type: type))))
        members[0] = ("schemas", .array(schemas))
        // Keys are unique: distinct schema attribute names, extension URNs and fixed names.
        return JSONObject(uncheckedMembers: members)
    }

    /// The response body of a stored User; `groups` are the groups it belongs to directly.
    public static func renderUser(
        id: String, attributes: JSONObject, meta: ResourceMeta, groups: [MemberReference] = []
    ) -> JSONObject {
        render(type: .user, id: id, attributes: attributes, meta: meta, references: groups)
    }

    /// The response body of a stored Group with its `members`.
    public static func renderGroup(
        id: String, attributes: JSONObject, meta: ResourceMeta, members: [MemberReference] = []
    ) -> JSONObject {
        render(type: .group, id: id, attributes: attributes, meta: meta, references: members)
    }

    /// The assigned, returnable attributes of `schema` found in `container`, in schema order.
    private static func renderedAttributes(of schema: Schema, in container: JSONObject) -> [JSONObject.Member] {
        var result: [JSONObject.Member] = []
        for attribute in schema.attributes where attribute.returned != .never {
            if let value = container[attribute.name], !DocumentValidator.isUnassigned(value) {
                result.append((attribute.name, value))
            }
        }
        return result
    }

    /// `{value, $ref, display, type}`: a Group member, or (for a User) a group with `type` "direct".
    private static func render(_ reference: MemberReference, isGroup: Bool, baseURL: String?) -> JSONObject {
        var object = JSONObject()
        object["value"] = .string(reference.value)
        // A User's groups are groups; a member's kind is whatever the store recorded.
        if let baseURL, let kind = isGroup ? reference.type : (reference.type ?? .group) {
            object["$ref"] = .string(baseURL + kind.endpoint + "/" + reference.value)
        }
        if let display = reference.display { object["display"] = .string(display) }
        if isGroup {
            if let kind = reference.type { object["type"] = .string(kind.rawValue) }
        } else {
            object["type"] = "direct"
        }
        return object
    }

    /// `{resourceType, created, lastModified, location, version}`.
    private static func render(_ meta: ResourceMeta, type: ResourceType) -> JSONObject {
        JSONObject(uncheckedMembers: [
            ("resourceType", .string(type.id)),
            ("created", .string(SCIMDateTime.string(from: meta.created))),
            ("lastModified", .string(SCIMDateTime.string(from: meta.lastModified))),
            ("location", .string(meta.location)),
            ("version", .string(meta.version)),
        ])
    }

    /// The SCIM base URL `location` starts with when it is `<base><endpoint>/<id>`; `nil` otherwise.
    static func baseURL(of location: String, endpoint: String, id: String) -> String? {
        let suffix = endpoint + "/" + id
        guard location.hasSuffix(suffix) else { return nil }
        return String(location.dropLast(suffix.count))
    }
}
