/// The working state of one ``ResourceDocument/validate(_:as:limits:)``: walks a body's members, checks each
/// against the resource type's schemas and collects the canonical attributes.
struct DocumentValidator {
    let type: ResourceType
    let limits: ResourceLimits
    /// Type checks shared with the PATCH engine; its notes are the rewrites, in order.
    var coercion: ValueCoercion
    var attributes = JSONObject()
    var password: String?
    var members: [MemberReference]?

    init(type: ResourceType, limits: ResourceLimits) {
        self.type = type
        self.limits = limits
        self.coercion = ValueCoercion(policy: .document(limits))
    }

    /// Whether the resource type is Group, whose `members` are returned apart from the attributes.
    var isGroup: Bool { JSONObject.keysEqual(type.schema.id, SchemaURN.group) }

    mutating func note(_ message: String) {
        coercion.notes.append(message)
    }

    mutating func validate(_ body: JSONValue) throws(SCIMError) -> ValidatedResource {
        guard case .object(let object) = body else {
            throw .invalidSyntax("A \(type.id) must be a JSON object, not \(body.typeName)")
        }
        let listed = try checkSchemas(object["schemas"])
        for (key, value) in object where !JSONObject.keysEqual(key, "schemas") {
            if let schema = type.schema(named: key) {
                try addContainer(schema, value: value)
            } else {
                try addMember(key, value: value)
            }
        }
        try checkRequired()
        try checkIndexedLengths()
        try checkOpenAttributes()
        let schemas = usedSchemas(listed: listed)  // may add a rewrite, so before reading the notes
        return ValidatedResource(
            resourceType: type, attributes: attributes, password: password, schemas: schemas,
            members: isGroup ? members : nil, rewrites: coercion.notes)
    }

    // MARK: Members of the body

    /// A top-level key other than `schemas` and schema URNs: a name, a dotted name or a URN-qualified name.
    private mutating func addMember(_ key: String, value: JSONValue) throws(SCIMError) {
        guard let path = AttributePath(key), let target = type.resolve(path) else {
            throw .invalidSyntax("unknown attribute '\(DocumentValidator.clipped(key))' for \(type.id)")
        }
        // RFC 7643 §2.5: null is unassigned, whatever the attribute (Entra sends "manager": null).
        if value.isNull || target.mutability == .readOnly { return }
        if path.schema != nil {
            // RFC 7644 §3.10 notation, which Entra uses for extension attributes in path-less PATCH values.
            note("URN-qualified key '\(key)' read as \(DocumentValidator.describe(target))")
        } else if path.subAttribute != nil {
            note("dotted key '\(key)' read as \(DocumentValidator.describe(target))")
        } else if target.containerKey != nil {
            note("top-level '\(key)' read as \(DocumentValidator.describe(target))")
        }
        try add(target, value: value, key: key)
    }

    /// A key naming a whole schema: an extension object (`"urn:…:enterprise:2.0:User": {…}`), or the
    /// core schema used the same way.
    private mutating func addContainer(_ schema: Schema, value: JSONValue) throws(SCIMError) {
        if value.isNull { return }
        guard case .object(let inner) = value else {
            throw .invalidSyntax("'\(schema.id)' needs an object of attributes, not \(value.typeName)")
        }
        if JSONObject.keysEqual(schema.id, type.schema.id) && !inner.isEmpty {
            note("attributes under '\(schema.id)' read as top-level attributes")
        }
        for (key, member) in inner {
            guard var path = AttributePath(key), path.schema == nil else {
                throw .invalidSyntax("unknown attribute '\(DocumentValidator.clipped(key))' in '\(schema.id)'")
            }
            path.schema = schema.id
            guard let target = type.resolve(path) else {
                throw .invalidSyntax("unknown attribute '\(DocumentValidator.clipped(key))' in '\(schema.id)'")
            }
            if member.isNull || target.mutability == .readOnly { continue }
            if path.subAttribute != nil { note("dotted key '\(key)' read as \(DocumentValidator.describe(target))") }
            try add(target, value: member, key: key)
        }
    }

    /// Checks and stores one attribute (or sub-attribute) value that is not null and not read-only.
    private mutating func add(_ target: ResolvedAttribute, value: JSONValue, key: String) throws(SCIMError) {
        let attribute = target.attribute
        let path = target.path.description
        if attribute.mutability == .writeOnly && !target.hasSubAttribute {
            // `password` is the only write-only attribute: kept apart, never stored with the attributes.
            guard case .string(let text)? = try coercion.coerceScalar(value, to: attribute, path: path) else { return }
            password = text
            return
        }
        if isGroup && JSONObject.keysEqual(attribute.name, "members") && !target.hasSubAttribute {
            members = try parseMembers(value)
            return
        }
        guard let subName = target.subAttributeName else {
            guard let coerced = try coercion.coerce(value, toAttribute: attribute, path: path),
                !DocumentValidator.isUnassigned(coerced)
            else { return }
            if case .array(let elements) = coerced { try checkPrimary(elements, path: path) }
            try store(coerced, for: target)
            return
        }
        guard !attribute.multiValued else {
            throw .invalidSyntax(
                "'\(DocumentValidator.clipped(key))' sets a sub-attribute of multi-valued '\(attribute.name)'; "
                    + "send '\(attribute.name)' as an array of objects")
        }
        let leaf: JSONValue?
        if target.isOpenSubAttribute {
            try coercion.checkOpenKey(subName, path: target.path.withoutSubAttribute.description)
            leaf = try coercion.coerceOpenValue(value, path: path)
        } else {
            leaf = try coercion.coerceScalar(value, to: target.leaf, path: path)
        }
        guard let leaf else { return }
        try store(.object([subName: leaf]), for: target)
    }

    /// RFC 7643 §2.4: the primary attribute value `true` MUST appear no more than once.
    private func checkPrimary(_ elements: [JSONValue], path: String) throws(SCIMError) {
        let count = elements.count { $0["primary"] == .bool(true) }
        guard count > 1 else { return }
        throw .invalidValue("'\(path)' has \(count) values with \"primary\": true; at most one may be primary")
    }

    /// Stores `value` under the target's attribute. The same attribute reached twice (at the top level and
    /// under its URN, or whole and dotted) merges sub-attributes of a complex value and must otherwise agree.
    private mutating func store(_ value: JSONValue, for target: ResolvedAttribute) throws(SCIMError) {
        let name = target.attribute.name
        var container = attributes
        if let key = target.containerKey { container = attributes[key]?.objectValue ?? JSONObject() }
        var merged = value
        if let existing = container[name] {
            guard !target.attribute.multiValued, case .object(var object) = existing, case .object(let incoming) = value
            else {
                guard existing == value else { throw duplicate(target) }
                return
            }
            for (key, member) in incoming {
                if let old = object[key], old != member { throw duplicate(target) }
                object[key] = member
            }
            merged = .object(object)
        }
        container[name] = merged
        if let key = target.containerKey {
            attributes[key] = .object(container)
        } else {
            attributes = container
        }
    }

    private func duplicate(_ target: ResolvedAttribute) -> SCIMError {
        .invalidSyntax("'\(target.path.withoutSubAttribute)' is given more than once with different values")
    }

    // MARK: Whole-document checks

    /// RFC 7643 §4.1.1: a User needs a non-empty `userName`; §4.2: a Group needs a `displayName`.
    private func checkRequired() throws(SCIMError) {
        for attribute in type.schema.attributes where attribute.required {
            let text = attributes[attribute.name]?.stringValue ?? ""
            if text.allSatisfy(\.isWhitespace) { throw .invalidValue("\(attribute.name) is required") }
        }
    }

    /// Strings the database keeps in an index or under a length constraint must fit (a 400, not a 500).
    private func checkIndexedLengths() throws(SCIMError) {
        try ResourceDocument.checkStoredLengths(attributes, type: type, limits: limits)
    }

    /// Bounds the number of custom attributes under each open attribute (`metadata`), after merging.
    private func checkOpenAttributes() throws(SCIMError) {
        for schema in type.schemas {
            for attribute in schema.attributes where attribute.allowsAnySubAttribute {
                let container = schema.attributesAtTopLevel ? attributes : attributes[schema.id]?.objectValue
                let count = container?[attribute.name]?.objectValue?.count ?? 0
                if count > limits.maxMetadataKeys {
                    throw .invalidValue(
                        "'\(attribute.name)' has \(count) custom attributes; at most \(limits.maxMetadataKeys) are allowed"
                    )
                }
            }
        }
    }

    // MARK: Helpers

    /// Null, an empty array and an empty object all mean unassigned (RFC 7643 §2.5).
    static func isUnassigned(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case .array(let elements): return elements.isEmpty
        case .object(let object): return object.isEmpty
        default: return false
        }
    }

    /// "'department' of 'urn:…:enterprise:2.0:User'" or "'name.givenName'", for rewrites.
    static func describe(_ target: ResolvedAttribute) -> String {
        let local = AttributePath(name: target.attribute.name, subAttribute: target.subAttributeName)
        if let key = target.containerKey { return "'\(local)' of '\(key)'" }
        return "'\(local)'"
    }

    /// Client text for an error detail, cut at 100 characters.
    static func clipped(_ text: String) -> String {
        text.count <= 100 ? text : text.prefix(100) + "…"
    }
}
