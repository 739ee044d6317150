/// An attribute reference as SCIM writes it (RFC 7644 §3.10): an optional schema URN, an attribute
/// name and an optional sub-attribute, e.g. `name.familyName`,
/// `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value` or `metadata.costCode`.
///
/// Parsing checks only the syntax (RFC 7644 Figure 1: `attrPath = [URI ":"] ATTRNAME *1subAttr`);
/// ``ResourceType/resolve(_:)`` maps it to a definition.
public struct AttributePath: Sendable, Hashable, CustomStringConvertible {
    /// The schema URN prefix as written, if any.
    public var schema: String?
    /// The attribute name as written.
    public var name: String
    /// The sub-attribute name as written, if any.
    public var subAttribute: String?

    /// A path from parts (not validated).
    public init(schema: String? = nil, name: String, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.subAttribute = subAttribute
    }

    /// Parses `[URN ":"] name ["." subAttribute]`; `nil` when the text is not of that form.
    ///
    /// A URN prefix is recognised by a leading `urn:` (any case) and ends at the last colon. Names are
    /// `ALPHA *(ALPHA / DIGIT / "-" / "_")`, plus `$ref`.
    public init?(_ text: some StringProtocol) {
        var schema: String?
        var rest = Substring(text)
        if rest.utf8.count > 4, rest.prefix(4).lowercased() == "urn:" {
            guard let colon = rest.lastIndex(of: ":") else { return nil }
            let urn = rest[..<colon]
            guard urn.utf8.allSatisfy(AttributePath.isURNByte) else { return nil }
            schema = String(urn)
            rest = rest[rest.index(after: colon)...]
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, AttributePath.isName(first) else { return nil }
        var subAttribute: String?
        if parts.count == 2 {
            guard AttributePath.isName(parts[1]) else { return nil }
            subAttribute = String(parts[1])
        }
        self.init(schema: schema, name: String(first), subAttribute: subAttribute)
    }

    /// The path as written: `urn:…:name.sub`.
    public var description: String {
        var text = schema.map { $0 + ":" } ?? ""
        text += name
        if let subAttribute { text += "." + subAttribute }
        return text
    }

    /// The same path without its sub-attribute.
    public var withoutSubAttribute: AttributePath {
        AttributePath(schema: schema, name: name)
    }

    /// Whether `text` is an attribute name: `ALPHA *(ALPHA / DIGIT / "-" / "_")`, or `$ref`.
    static func isName(_ text: Substring) -> Bool {
        if text == "$ref" { return true }
        guard let first = text.utf8.first, isAlpha(first) else { return false }
        return text.utf8.allSatisfy { isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
    }

    /// Bytes allowed in a schema URN prefix.
    static func isURNByte(_ byte: UInt8) -> Bool {
        isAlpha(byte) || isDigit(byte)
            || [
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "+"),
                UInt8(ascii: "%"),
            ].contains(byte)
    }

    static func isAlpha(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}
