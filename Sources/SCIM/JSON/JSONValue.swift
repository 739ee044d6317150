/// A JSON value as SCIM needs it: numbers keep their literal text, `Bool` is never a number, and
/// object keys are matched case-insensitively (RFC 7643 §2.1) while keeping their order.
///
/// Parse with `JSONValue.parse(_:limits:)`, render with ``serialized()``.
public enum JSONValue: Sendable, Hashable {
    /// The JSON literal `null`.
    case null
    /// `true` or `false`; distinct from any number.
    case bool(Bool)
    /// A number, kept as its exact literal text.
    case number(JSONNumber)
    /// A string (never contains U+0000 when parsed).
    case string(String)
    /// An array of values.
    case array([JSONValue])
    /// An object with ordered members and case-insensitive keys.
    case object(JSONObject)
}

extension JSONValue {
    /// The member named `key` (ASCII case-insensitive) when this is an object; `nil` otherwise.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The string when this is `.string`; `nil` otherwise.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The Boolean when this is `.bool`; `nil` otherwise (a number is never a Boolean).
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number when this is `.number`; `nil` otherwise.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The elements when this is `.array`; `nil` otherwise.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object when this is `.object`; `nil` otherwise.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this is the literal `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A short name of the JSON type, for error details ("string", "boolean", …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
