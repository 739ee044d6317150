/// One attribute definition with the characteristics of RFC 7643 §2.2 and §7.
public struct SchemaAttribute: Sendable, Hashable {
    /// The data types of RFC 7643 §2.3.
    public enum DataType: String, Sendable, Hashable {
        case string, boolean, decimal, integer, dateTime, reference, complex, binary
    }

    /// When an attribute may be changed (RFC 7643 §7).
    public enum Mutability: String, Sendable, Hashable {
        case readOnly, readWrite, immutable, writeOnly
    }

    /// When an attribute is returned (RFC 7643 §7).
    public enum Returned: String, Sendable, Hashable {
        case always, never, `default`, request
    }

    /// How the service provider enforces uniqueness (RFC 7643 §7).
    public enum Uniqueness: String, Sendable, Hashable {
        case none, server, global
    }

    /// The attribute name, in its canonical spelling.
    public var name: String
    /// The data type.
    public var type: DataType
    /// Whether the value is an array.
    public var multiValued: Bool
    /// Whether the attribute is required.
    public var required: Bool
    /// Whether string comparisons are case-sensitive.
    public var caseExact: Bool
    /// When the attribute may be changed.
    public var mutability: Mutability
    /// When the attribute is returned.
    public var returned: Returned
    /// How uniqueness is enforced.
    public var uniqueness: Uniqueness
    /// Suggested values (e.g. `work`, `home`); not enforced.
    public var canonicalValues: [String]
    /// For `reference` attributes: `User`, `Group`, `external`, `uri`.
    public var referenceTypes: [String]
    /// For `complex` attributes: the sub-attributes.
    public var subAttributes: [SchemaAttribute]
    /// For `complex` attributes: whether members under arbitrary names are allowed (Roster's `metadata`).
    /// Not an RFC characteristic; discovery documents it in ``description``.
    public var allowsAnySubAttribute: Bool
    /// A human-readable description.
    public var description: String

    /// An attribute; the defaults are those of RFC 7643 §2.2 (optional, case-insensitive, readWrite,
    /// returned by default, no uniqueness).
    public init(
        name: String,
        type: DataType,
        multiValued: Bool = false,
        required: Bool = false,
        caseExact: Bool = false,
        mutability: Mutability = .readWrite,
        returned: Returned = .default,
        uniqueness: Uniqueness = .none,
        canonicalValues: [String] = [],
        referenceTypes: [String] = [],
        subAttributes: [SchemaAttribute] = [],
        allowsAnySubAttribute: Bool = false,
        description: String
    ) {
        self.name = name
        self.type = type
        self.multiValued = multiValued
        self.required = required
        self.caseExact = caseExact
        self.mutability = mutability
        self.returned = returned
        self.uniqueness = uniqueness
        self.canonicalValues = canonicalValues
        self.referenceTypes = referenceTypes
        self.subAttributes = subAttributes
        self.allowsAnySubAttribute = allowsAnySubAttribute
        self.description = description
    }

    /// The sub-attribute named `name` (ASCII case-insensitive).
    public func subAttribute(named name: String) -> SchemaAttribute? {
        subAttributes.first { JSONObject.keysEqual($0.name, name) }
    }

    /// Whether the attribute is `complex`.
    public var isComplex: Bool { type == .complex }

    /// Whether clients may write the attribute (readWrite, writeOnly, or immutable when first set).
    public var isWritable: Bool { mutability != .readOnly }
}

extension SchemaAttribute {
    /// A copy with different mutability (used for sub-attributes of read-only parents).
    func with(mutability: Mutability) -> SchemaAttribute {
        var copy = self
        copy.mutability = mutability
        return copy
    }

    /// A multi-valued complex attribute with the standard `value`, `display`, `type` and `primary`
    /// sub-attributes (RFC 7643 §2.4), as used by emails, phoneNumbers, ims, photos, entitlements, roles
    /// and x509Certificates.
    static func multiValuedComplex(
        name: String,
        description: String,
        valueType: DataType = .string,
        valueDescription: String,
        valueReferenceTypes: [String] = [],
        typeValues: [String] = []
    ) -> SchemaAttribute {
        SchemaAttribute(
            name: name,
            type: .complex,
            multiValued: true,
            subAttributes: [
                SchemaAttribute(
                    name: "value", type: valueType, referenceTypes: valueReferenceTypes, description: valueDescription),
                SchemaAttribute(
                    name: "display", type: .string,
                    description: "A human-readable name, primarily used for display purposes."),
                SchemaAttribute(
                    name: "type", type: .string, canonicalValues: typeValues,
                    description: "A label indicating the attribute's function."),
                SchemaAttribute(
                    name: "primary", type: .boolean,
                    description:
                        "A Boolean value indicating the 'primary' or preferred attribute value for this attribute. "
                        + "The primary attribute value 'true' MUST appear no more than once."),
            ],
            description: description
        )
    }
}
