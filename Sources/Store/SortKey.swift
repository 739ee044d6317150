import SCIM

/// A sort key (RFC 7644 §3.4.2.3): a singular attribute and a direction.
public struct SortKey: Sendable {
    /// The attribute to sort by.
    public let attribute: ResolvedAttribute
    /// Ascending (the default) or descending.
    public let ascending: Bool

    /// A sort key.
    public init(attribute: ResolvedAttribute, ascending: Bool) {
        self.attribute = attribute
        self.ascending = ascending
    }
}
