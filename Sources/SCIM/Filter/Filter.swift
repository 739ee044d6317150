/// A SCIM filter (RFC 7644 §3.4.2.2) as a syntax tree. Attribute paths are as written; resolve them
/// with ``resolve(against:)``. Build one with ``FilterParser/parse(_:limits:)``.
public indirect enum Filter: Sendable, Hashable {
    /// `attrPath op value`, e.g. `userName eq "bjensen"`.
    case compare(AttributePath, ComparisonOperator, FilterValue)
    /// `attrPath pr`: the attribute has a non-empty value.
    case present(AttributePath)
    /// Both match.
    case and(Filter, Filter)
    /// Either matches.
    case or(Filter, Filter)
    /// `not ( filter )`.
    case not(Filter)
    /// `attrPath [ filter ]`: some value of a multi-valued complex attribute matches the inner filter,
    /// whose paths name sub-attributes (`emails[type eq "work" and value co "@example.com"]`).
    case valuePath(AttributePath, Filter)
}

/// The comparison operators of RFC 7644 §3.4.2.2 (Table 3).
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    /// Equal.
    case eq
    /// Not equal.
    case ne
    /// Contains (substring).
    case co
    /// Starts with.
    case sw
    /// Ends with.
    case ew
    /// Greater than.
    case gt
    /// Greater than or equal to.
    case ge
    /// Less than.
    case lt
    /// Less than or equal to.
    case le

    /// Whether the operator orders values (`gt ge lt le`), which RFC 7644 forbids on booleans and binary.
    public var isOrdering: Bool {
        switch self {
        case .gt, .ge, .lt, .le: return true
        default: return false
        }
    }
}

/// A comparison value: `compValue = false / null / true / number / string` (RFC 7644 Figure 1).
public enum FilterValue: Sendable, Hashable {
    /// A JSON string literal, unescaped.
    case string(String)
    /// A JSON number, kept exact.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

/// Bounds on filter text; exceeding them is a 400 `invalidFilter`, never a crash.
public struct FilterLimits: Sendable, Hashable {
    /// Longest filter in UTF-8 bytes. Default 4 KiB.
    public var maxLength: Int
    /// Deepest nesting of parentheses, `not ( … )` and value filters `[ … ]`. Default 32.
    public var maxDepth: Int

    /// Limits with the documented defaults.
    public init(maxLength: Int = 4096, maxDepth: Int = 32) {
        self.maxLength = maxLength
        self.maxDepth = maxDepth
    }

    /// 4 KiB, depth 32.
    public static let `default` = FilterLimits()
}
