/// The working state of one PATCH: the resource being rewritten and the notes taken.
struct PatchState {
    var resource: JSONObject
    let type: ResourceType
    var rewrites: [String]
    /// 1-based number of the operation being applied, for messages.
    var operationNumber = 0

    init(resource: JSONObject, type: ResourceType, rewrites: [String]) {
        self.resource = resource
        self.type = type
        self.rewrites = rewrites
    }

    // MARK: Messages

    mutating func note(_ message: String) {
        rewrites.append("operation \(operationNumber): \(message)")
    }

    func invalidValue(_ detail: String) -> SCIMError { .invalidValue("operation \(operationNumber): \(detail)") }
    func invalidPath(_ detail: String) -> SCIMError { .invalidPath("operation \(operationNumber): \(detail)") }
    func noTarget(_ detail: String) -> SCIMError { .noTarget("operation \(operationNumber): \(detail)") }
    func mutability(_ detail: String) -> SCIMError { .mutability("operation \(operationNumber): \(detail)") }

    // MARK: Reading and writing attributes

    /// The current value of the attribute `target` names (ignoring its sub-attribute).
    func value(of target: ResolvedAttribute) -> JSONValue? {
        guard let key = target.containerKey else { return resource[target.attribute.name] }
        return resource[key]?[target.attribute.name]
    }

    /// Sets (or with `nil` removes) the attribute `target` names, under its canonical name. An extension
    /// object left empty is removed.
    mutating func setValue(_ value: JSONValue?, of target: ResolvedAttribute) {
        guard let key = target.containerKey else {
            resource[target.attribute.name] = value
            return
        }
        var container = resource[key]?.objectValue ?? JSONObject()
        container[target.attribute.name] = value
        resource[key] = container.isEmpty ? nil : .object(container)
    }

    // MARK: Operations

    mutating func apply(_ operation: PatchOperation) throws(SCIMError) {
        guard let path = operation.path else {
            try applyWithoutPath(operation)
            return
        }
        if path.filter == nil, path.attribute.subAttribute == nil, let urn = path.attribute.schema,
            let schema = type.schema(named: urn + ":" + path.attribute.name)
        {
            try applyToSchema(schema, operation)
            return
        }
        guard let target = type.resolve(path.attribute) else {
            throw invalidPath("unknown attribute '\(path.attribute)'")
        }
        if let filter = path.filter {
            try applyFiltered(operation.op, to: target, filter: filter, value: operation.value)
        } else if target.hasSubAttribute {
            try applyToSubAttribute(operation.op, target, value: operation.value)
        } else {
            try applyToAttribute(operation.op, target, value: operation.value)
        }
    }

    /// RFC 7644 §3.5.2.1/3: without a path the value is an object of attributes; `remove` needs a path.
    private mutating func applyWithoutPath(_ operation: PatchOperation) throws(SCIMError) {
        guard operation.op != .remove else { throw noTarget("'remove' needs a path") }
        guard case .object(let members)? = operation.value else {
            throw invalidValue("'\(operation.op.rawValue)' without a path needs an object of attributes as its value")
        }
        try applyMembers(members, operation.op, schemaURN: nil)
    }

    /// Applies each member of a path-less value as if its key were the path. Keys may be plain names,
    /// dotted (`name.givenName`), URN-qualified, or a whole schema URN (usually an extension) holding an object.
    private mutating func applyMembers(_ members: JSONObject, _ op: PatchOperation.Op, schemaURN: String?)
        throws(SCIMError)
    {
        for (key, value) in members {
            if schemaURN == nil {
                if JSONObject.keysEqual(key, "schemas") {
                    note("'schemas' in the value ignored")
                    continue
                }
                if let schema = type.schema(named: key) {
                    if value.isNull {
                        try applyToSchema(schema, PatchOperation(op: .remove))
                        continue
                    }
                    guard case .object(let inner) = value else {
                        throw invalidValue("'\(key)' needs an object of attributes, not \(value.typeName)")
                    }
                    try applyMembers(inner, op, schemaURN: schema.id)
                    continue
                }
            }
            guard var path = AttributePath(key), schemaURN == nil || path.schema == nil else {
                throw invalidPath("'\(key)' is not an attribute path")
            }
            if let schemaURN { path.schema = schemaURN }
            guard let target = type.resolve(path) else { throw invalidPath("unknown attribute '\(key)'") }
            if target.hasSubAttribute {
                try applyToSubAttribute(op, target, value: value)
            } else {
                try applyToAttribute(op, target, value: value)
            }
        }
    }

    /// A path or path-less key naming a whole schema, usually an extension (`urn:…:enterprise:2.0:User`).
    private mutating func applyToSchema(_ schema: Schema, _ operation: PatchOperation) throws(SCIMError) {
        switch operation.op {
        case .remove:
            for attribute in schema.attributes {
                guard let target = type.resolve(AttributePath(schema: schema.id, name: attribute.name)) else {
                    continue
                }
                try applyToAttribute(.remove, target, value: nil)
            }
        case .add, .replace:
            guard case .object(let members)? = operation.value else {
                throw invalidValue("'\(schema.id)' needs an object of attributes")
            }
            try applyMembers(members, operation.op, schemaURN: schema.id)
        }
    }

    /// Checks RFC 7643 §7 mutability for a change that is not a no-op.
    func checkMutability(_ target: ResolvedAttribute, hadValue: Bool) throws(SCIMError) {
        switch target.mutability {
        case .readOnly:
            throw mutability("'\(target.path)' is read-only")
        case .immutable where hadValue:
            throw mutability("'\(target.path)' is immutable and already has a value")
        default:
            break
        }
    }

    /// For a read-only target: returns normally when the operation would change nothing (clients such as
    /// Okta re-send `id` unchanged), throws `mutability` otherwise. Compares the value as sent, before
    /// coercion drops its read-only sub-attributes.
    func checkReadOnly(_ op: PatchOperation.Op, _ target: ResolvedAttribute, sent: JSONValue?, current: JSONValue?)
        throws(SCIMError)
    {
        let unchanged: Bool
        if op == .remove {
            unchanged = current == nil || current == .null
        } else {
            unchanged = PatchState.isConsistent(sent ?? .null, with: current ?? .null)
        }
        if !unchanged { throw mutability("'\(target.path)' is read-only") }
    }

    /// Whether `sent` says nothing that contradicts `current`: equal scalars, objects whose given members
    /// are each consistent, arrays of the same length whose elements are consistent pairwise.
    static func isConsistent(_ sent: JSONValue, with current: JSONValue) -> Bool {
        switch (sent, current) {
        case (.object(let given), .object(let stored)):
            return given.allSatisfy { isConsistent($0.value, with: stored[$0.key] ?? .null) }
        case (.array(let given), .array(let stored)):
            return given.count == stored.count && zip(given, stored).allSatisfy { isConsistent($0, with: $1) }
        default:
            return sent == current
        }
    }

    /// Keeps the `schemas` list in step with the extensions present: adds an extension URN when its
    /// attributes appear, drops it when the PATCH removed them.
    mutating func updateSchemas(comparedWith original: JSONObject) {
        guard case .array(var schemas)? = resource["schemas"] else { return }
        for ext in type.extensions {
            let urn = ext.schema.id
            let isListed = schemas.contains { $0.stringValue.map { JSONObject.keysEqual($0, urn) } ?? false }
            let wasPresent = PatchState.hasAttributes(of: ext.schema, in: original)
            let isPresent = PatchState.hasAttributes(of: ext.schema, in: resource)
            if isPresent && !isListed {
                schemas.append(.string(urn))
            } else if wasPresent && !isPresent && isListed {
                schemas.removeAll { $0.stringValue.map { JSONObject.keysEqual($0, urn) } ?? false }
            }
        }
        resource["schemas"] = .array(schemas)
    }

    static func hasAttributes(of schema: Schema, in resource: JSONObject) -> Bool {
        if schema.attributesAtTopLevel {
            return schema.attributes.contains { resource[$0.name].map { !$0.isNull } ?? false }
        }
        return resource[schema.id]?.objectValue.map { !$0.isEmpty } ?? false
    }
}
