// Type checks and IdP dialect normalisation of attribute values against their definitions (RFC 7643 §2.3),
// shared by the PATCH engine and full-document validation (POST/PUT bodies).

/// Checks values against attribute definitions and returns them in canonical form, noting each IdP-dialect
/// reading it applies in ``notes``. Details name the attribute path; callers add their own context
/// (the PATCH engine prefixes "operation N: ").
struct ValueCoercion {
    /// What differs between PATCH values and full resource bodies.
    struct Policy {
        /// Whether a single value for a multi-valued attribute is read as a one-element array (with a
        /// note) rather than refused.
        var wrapsSingleValues: Bool
        /// Whether read-only sub-attributes dropped from a complex value are noted.
        var notesIgnoredReadOnly: Bool
        /// Whether an empty string for a required attribute is refused here (documents check required
        /// attributes once the whole body is read).
        var refusesEmptyRequired: Bool
        /// The `scimType` for an unknown sub-attribute.
        var unknownSubAttribute: SCIMType
        /// Bounds on strings and custom attributes; `nil` leaves only the JSON parser's limits.
        var limits: ResourceLimits?

        /// PATCH values: lenient on single values, unknown sub-attributes are `invalidPath`.
        static let patch = Policy(
            wrapsSingleValues: true, notesIgnoredReadOnly: true, refusesEmptyRequired: true,
            unknownSubAttribute: .invalidPath, limits: nil)

        /// Full resource bodies: arrays must be arrays, unknown sub-attributes are `invalidSyntax`,
        /// `limits` apply.
        static func document(_ limits: ResourceLimits) -> Policy {
            Policy(
                wrapsSingleValues: false, notesIgnoredReadOnly: false, refusesEmptyRequired: false,
                unknownSubAttribute: .invalidSyntax, limits: limits)
        }
    }

    let policy: Policy
    /// The dialect readings applied so far, in order.
    var notes: [String] = []

    init(policy: Policy) {
        self.policy = policy
    }

    private mutating func note(_ message: String) {
        notes.append(message)
    }

    /// Checks `value` against the whole attribute (`emails`, `name`, `active`, …) and returns it in canonical
    /// form; `nil` for JSON `null`, which RFC 7643 §2.5 treats as unassigned.
    mutating func coerce(_ value: JSONValue, toAttribute attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        if value.isNull { return nil }
        guard attribute.multiValued else { return try coerceSingle(value, to: attribute, path: path) }
        let items: [JSONValue]
        switch value {
        case .array(let array):
            items = array
        default:
            guard policy.wrapsSingleValues else {
                throw .invalidValue("'\(path)' needs an array, not \(value.typeName)")
            }
            note("a single value for multi-valued '\(path)' read as a one-element array")
            items = [value]
        }
        if let limits = policy.limits, items.count > limits.maxValuesPerAttribute {
            throw .invalidValue(
                "'\(path)' has \(items.count) values; at most \(limits.maxValuesPerAttribute) are allowed")
        }
        var result: [JSONValue] = []
        for item in items where !item.isNull {
            if let element = try coerceElement(item, of: attribute, path: path) { result.append(element) }
        }
        return .array(result)
    }

    /// Checks one element of a multi-valued attribute.
    mutating func coerceElement(_ value: JSONValue, of attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        if attribute.isComplex {
            guard case .object(let object) = value else {
                throw .invalidValue("'\(path)' needs objects, not \(value.typeName)")
            }
            return .object(try coerceComplex(object, of: attribute, path: path))
        }
        return try coerceScalar(value, to: attribute, path: path)
    }

    /// Checks a single-valued attribute's value.
    private mutating func coerceSingle(_ value: JSONValue, to attribute: SchemaAttribute, path: String)
        throws(SCIMError) -> JSONValue?
    {
        guard attribute.isComplex else { return try coerceScalar(value, to: attribute, path: path) }
        switch value {
        case .object(let object):
            return .object(try coerceComplex(object, of: attribute, path: path))
        case .string(let string) where attribute.subAttribute(named: "value") != nil:
            // Entra ID sends the manager as a bare id: {"path": "…:manager", "value": "271"}.
            note("string for complex '\(path)' read as {\"value\": …}")
            return .object(try coerceComplex(["value": .string(string)], of: attribute, path: path))
        case .array(let array) where array.count == 1:
            // Entra ID wraps single-valued complex values in an array: "value": [{"value": "…"}].
            note("one-element array for single-valued '\(path)' unwrapped")
            return try coerceSingle(array[0], to: attribute, path: path)
        default:
            throw .invalidValue("'\(path)' needs an object, not \(value.typeName)")
        }
    }

    /// Checks the members of a complex value: canonical sub-attribute names, scalar types; read-only
    /// sub-attributes and nulls are dropped. Under an open attribute (`metadata`) keys keep their spelling.
    mutating func coerceComplex(_ object: JSONObject, of attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONObject
    {
        var result = JSONObject()
        for (key, value) in object {
            let subPath = path + "." + key
            guard let sub = attribute.subAttribute(named: key) else {
                guard attribute.allowsAnySubAttribute else {
                    throw SCIMError(
                        status: 400, scimType: policy.unknownSubAttribute,
                        detail: "unknown sub-attribute '\(key)' of '\(path)'")
                }
                try checkOpenKey(key, path: path)
                if let scalar = try coerceOpenValue(value, path: subPath) { result[key] = scalar }
                continue
            }
            if sub.mutability == .readOnly {
                if policy.notesIgnoredReadOnly { note("read-only '\(subPath)' in the value ignored") }
                continue
            }
            if let scalar = try coerceScalar(value, to: sub, path: subPath) { result[sub.name] = scalar }
        }
        return result
    }

    /// A key under an open attribute: non-empty and bounded.
    func checkOpenKey(_ key: String, path: String) throws(SCIMError) {
        guard let limits = policy.limits else { return }
        guard !key.isEmpty else { throw .invalidValue("'\(path)' cannot have an empty key") }
        if key.utf8.count > limits.maxMetadataKeyBytes {
            throw .invalidValue(
                "'\(path)' has a key longer than \(limits.maxMetadataKeyBytes) bytes: '\(key.prefix(32))…'")
        }
    }

    /// A value under an open attribute (`metadata.<key>`): a string, number or boolean.
    mutating func coerceOpenValue(_ value: JSONValue, path: String) throws(SCIMError) -> JSONValue? {
        switch value {
        case .null:
            return nil
        case .string(let text):
            try checkLength(text, path: path)
            return value
        case .number(let number):
            try checkLength(number.text, path: path)
            return value
        case .bool:
            return value
        default:
            throw .invalidValue("'\(path)' needs a string, number or boolean, not \(value.typeName)")
        }
    }

    /// Checks a scalar against its type (RFC 7643 §2.3). Entra's legacy `"True"`/`"False"` strings are read
    /// as Booleans; everything else must have the right JSON type.
    mutating func coerceScalar(_ value: JSONValue, to attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONValue?
    {
        if value.isNull { return nil }
        switch attribute.type {
        case .boolean:
            if case .bool = value { return value }
            if case .string(let text) = value, let bool = ["true": true, "false": false][text.lowercased()] {
                note("string '\(text)' for boolean '\(path)' read as \(bool)")
                return .bool(bool)
            }
            throw .invalidValue("'\(path)' needs a boolean, not \(describe(value))")
        case .string, .reference, .binary:
            guard case .string(let text) = value else {
                throw .invalidValue("'\(path)' needs a string, not \(describe(value))")
            }
            if policy.refusesEmptyRequired && attribute.required && text.isEmpty {
                throw .invalidValue("'\(path)' is required and cannot be empty")
            }
            try checkLength(text, path: path, isBinary: attribute.type == .binary)
            return value
        case .dateTime:
            guard case .string(let text) = value, Filter.isDateTime(text) else {
                throw .invalidValue(
                    "'\(path)' needs a dateTime such as \"2024-05-13T04:42:34Z\", not \(describe(value))")
            }
            return value
        case .integer:
            guard case .number(let number) = value, number.isInteger else {
                throw .invalidValue("'\(path)' needs an integer, not \(describe(value))")
            }
            try checkLength(number.text, path: path)
            return value
        case .decimal:
            guard case .number(let number) = value else {
                throw .invalidValue("'\(path)' needs a number, not \(describe(value))")
            }
            try checkLength(number.text, path: path)
            return value
        case .complex:
            guard case .object(let object) = value else {
                throw .invalidValue("'\(path)' needs an object, not \(value.typeName)")
            }
            return .object(try coerceComplex(object, of: attribute, path: path))
        }
    }

    /// Enforces the string bound of ``Policy/limits`` (UTF-8 bytes).
    private func checkLength(_ text: String, path: String, isBinary: Bool = false) throws(SCIMError) {
        guard let limits = policy.limits else { return }
        let bound = isBinary ? limits.maxBinaryBytes : limits.maxStringBytes
        if text.utf8.count > bound { throw .invalidValue("'\(path)' is longer than \(bound) bytes") }
    }

    /// A value for messages: its type, and the text of short strings.
    private func describe(_ value: JSONValue) -> String {
        if case .string(let text) = value, text.count <= 20 { return "string \"\(text)\"" }
        return value.typeName
    }
}
