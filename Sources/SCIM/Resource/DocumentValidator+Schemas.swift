// The `schemas` list of a resource body, and which schemas the validated attributes use.

extension DocumentValidator {
    /// Schema URNs other IdPs list that define nothing Roster stores: accepted, recorded, then ignored.
    static let ignoredSchemas: [(urn: String, resourceType: String, note: String)] = [
        // Entra ID's group create (use-scim-to-provision-users-and-groups, "Create Group").
        (
            "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group", "Group",
            "Entra ID's schema 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group' ignored"
        )
    ]

    /// Checks `schemas` (RFC 7643 §3): an array of strings that includes the core schema and names only
    /// schemas of the resource type, compared ASCII case-insensitively. Returns the schemas listed.
    mutating func checkSchemas(_ value: JSONValue?) throws(SCIMError) -> [Schema] {
        guard let value, !value.isNull else {
            throw .invalidSyntax("A \(type.id) must list \"\(type.schema.id)\" in 'schemas'")
        }
        guard case .array(let items) = value else {
            throw .invalidSyntax("'schemas' must be an array of schema URNs, not \(value.typeName)")
        }
        var listed: [Schema] = []
        for item in items {
            guard case .string(let urn) = item else {
                throw .invalidSyntax("'schemas' must hold strings, not \(item.typeName)")
            }
            if let schema = type.schema(named: urn) {
                if !listed.contains(where: { $0.id == schema.id }) { listed.append(schema) }
            } else if let ignored = DocumentValidator.ignoredSchemas.first(where: {
                JSONObject.keysEqual($0.urn, urn) && $0.resourceType == type.id
            }) {
                note(ignored.note)
            } else {
                throw .invalidSyntax(
                    "'schemas' lists '\(DocumentValidator.clipped(urn))', which is not a schema of \(type.id)")
            }
        }
        guard listed.contains(where: { $0.id == type.schema.id }) else {
            throw .invalidSyntax("'schemas' must include \"\(type.schema.id)\"")
        }
        return listed
    }

    /// The core schema, then each extension holding attributes. An extension stored under its URN but not
    /// listed is added with a note; Roster's `metadata` is sent at the top level by Okta, which cannot know
    /// Roster's URN, so it is added silently.
    mutating func usedSchemas(listed: [Schema]) -> [String] {
        var used = [type.schema.id]
        for ext in type.extensions where DocumentValidator.hasAttributes(of: ext.schema, in: attributes) {
            used.append(ext.schema.id)
            if !ext.schema.attributesAtTopLevel && !listed.contains(where: { $0.id == ext.schema.id }) {
                note("'schemas' did not list '\(ext.schema.id)'; added")
            }
        }
        return used
    }

    /// Whether `attributes` holds a value of `schema`.
    static func hasAttributes(of schema: Schema, in attributes: JSONObject) -> Bool {
        if schema.attributesAtTopLevel {
            return schema.attributes.contains { attributes[$0.name].map { !isUnassigned($0) } ?? false }
        }
        return attributes[schema.id]?.objectValue.map { !$0.isEmpty } ?? false
    }
}
