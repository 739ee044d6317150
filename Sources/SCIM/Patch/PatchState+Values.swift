// Type checks and IdP dialect normalisation of PATCH values against attribute definitions.

extension PatchState {
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
            note("a single value for multi-valued '\(path)' read as a one-element array")
            items = [value]
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
                throw invalidValue("'\(path)' needs objects, not \(value.typeName)")
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
            throw invalidValue("'\(path)' needs an object, not \(value.typeName)")
        }
    }

    /// Checks the members of a complex value: canonical sub-attribute names, scalar types; read-only
    /// sub-attributes and nulls are dropped.
    mutating func coerceComplex(_ object: JSONObject, of attribute: SchemaAttribute, path: String) throws(SCIMError)
        -> JSONObject
    {
        var result = JSONObject()
        for (key, value) in object {
            let subPath = path + "." + key
            guard let sub = attribute.subAttribute(named: key) else {
                guard attribute.allowsAnySubAttribute else {
                    throw invalidPath("unknown sub-attribute '\(key)' of '\(path)'")
                }
                if let scalar = try coerceOpenValue(value, path: subPath) { result[key] = scalar }
                continue
            }
            if sub.mutability == .readOnly {
                note("read-only '\(subPath)' in the value ignored")
                continue
            }
            if let scalar = try coerceScalar(value, to: sub, path: subPath) { result[sub.name] = scalar }
        }
        return result
    }

    /// A value under an open attribute (`metadata.<key>`): a string, number or boolean.
    mutating func coerceOpenValue(_ value: JSONValue, path: String) throws(SCIMError) -> JSONValue? {
        switch value {
        case .null: return nil
        case .string, .number, .bool: return value
        default: throw invalidValue("'\(path)' needs a string, number or boolean, not \(value.typeName)")
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
            throw invalidValue("'\(path)' needs a boolean, not \(describe(value))")
        case .string, .reference, .binary:
            guard case .string(let text) = value else {
                throw invalidValue("'\(path)' needs a string, not \(describe(value))")
            }
            if attribute.required && text.isEmpty { throw invalidValue("'\(path)' is required and cannot be empty") }
            return value
        case .dateTime:
            guard case .string(let text) = value, Filter.isDateTime(text) else {
                throw invalidValue(
                    "'\(path)' needs a dateTime such as \"2024-05-13T04:42:34Z\", not \(describe(value))")
            }
            return value
        case .integer:
            guard case .number(let number) = value, number.isInteger else {
                throw invalidValue("'\(path)' needs an integer, not \(describe(value))")
            }
            return value
        case .decimal:
            guard case .number = value else { throw invalidValue("'\(path)' needs a number, not \(describe(value))") }
            return value
        case .complex:
            guard case .object(let object) = value else {
                throw invalidValue("'\(path)' needs an object, not \(value.typeName)")
            }
            return .object(try coerceComplex(object, of: attribute, path: path))
        }
    }

    /// A value for messages: its type, and the text of short strings.
    private func describe(_ value: JSONValue) -> String {
        if case .string(let text) = value, text.count <= 20 { return "string \"\(text)\"" }
        return value.typeName
    }
}
