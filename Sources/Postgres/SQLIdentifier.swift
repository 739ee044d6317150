/// A validated SQL identifier (schema, table or channel name), the only way an identifier enters SQL text.
///
/// Accepted: 1-63 characters of `a-z`, `0-9` and `_`, not starting with a digit. It is always written
/// double-quoted, so reserved words are safe too.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The identifier's bare text.
    public let name: String

    /// Validates `name`; returns nil when it is not a plain lower-case identifier.
    public init?(_ name: String) {
        guard Self.isValid(name) else { return nil }
        self.name = name
    }

    /// Whether `name` is a plain lower-case identifier of at most 63 bytes.
    public static func isValid(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard let first = bytes.first, bytes.count <= 63 else { return false }
        guard first == UInt8(ascii: "_") || (first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z")) else {
            return false
        }
        return bytes.allSatisfy { byte in
            byte == UInt8(ascii: "_") || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
        }
    }

    /// The identifier as SQL text: `"name"`. Validation guarantees no quote can occur inside.
    public var quoted: String { "\"\(name)\"" }

    public var description: String { name }
}
