/// The `scimType` detail error keywords of RFC 7644 §3.12 (Table 9).
public enum SCIMType: String, Sendable, Hashable, CaseIterable {
    /// The filter syntax was invalid, or the attribute and comparison combination is not supported.
    case invalidFilter
    /// The filter yields too many results for the server to process.
    case tooMany
    /// One or more attribute values are already in use or reserved.
    case uniqueness
    /// The modification is incompatible with an attribute's mutability.
    case mutability
    /// The request body structure was invalid or did not conform to the schema.
    case invalidSyntax
    /// The PATCH path was invalid or could not be resolved.
    case invalidPath
    /// The PATCH path did not match any target (or `remove` had no path).
    case noTarget
    /// A required value was missing, or a value was not compatible with the attribute's type.
    case invalidValue
    /// The specified SCIM protocol version is not supported.
    case invalidVers
    /// The request cannot be completed because of sensitive information in the request URI.
    case sensitive
}
