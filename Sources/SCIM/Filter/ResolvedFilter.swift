/// A ``Filter`` whose attribute paths are resolved to canonical definitions and type-checked: what the
/// store turns into SQL.
public indirect enum ResolvedFilter: Sendable, Hashable {
    /// `attribute op value`. A comparison on a complex attribute with a `value` sub-attribute
    /// (`emails co "x"`) is resolved to that sub-attribute.
    case compare(ResolvedAttribute, ComparisonOperator, FilterValue)
    /// `attribute pr`.
    case present(ResolvedAttribute)
    /// Both match.
    case and(ResolvedFilter, ResolvedFilter)
    /// Either matches.
    case or(ResolvedFilter, ResolvedFilter)
    /// The inner filter does not match.
    case not(ResolvedFilter)
    /// Some value of the complex attribute matches the inner filter, whose attributes are its sub-attributes.
    case valuePath(ResolvedAttribute, ResolvedFilter)
}

extension Filter {
    /// Resolves every path against `type` and checks operators and values against attribute types;
    /// throws 400 `invalidFilter` naming the offending attribute.
    public func resolve(against type: ResourceType) throws(SCIMError) -> ResolvedFilter {
        try resolve(against: type, parent: nil)
    }

    /// Resolves the inner filter of a value path (`emails[type eq "work"]`) against the sub-attributes of
    /// `parent`.
    public func resolve(against type: ResourceType, within parent: ResolvedAttribute) throws(SCIMError)
        -> ResolvedFilter
    {
        try resolve(against: type, parent: parent)
    }

    private func resolve(against type: ResourceType, parent: ResolvedAttribute?) throws(SCIMError) -> ResolvedFilter {
        switch self {
        case .and(let left, let right):
            return .and(
                try left.resolve(against: type, parent: parent), try right.resolve(against: type, parent: parent))
        case .or(let left, let right):
            return .or(
                try left.resolve(against: type, parent: parent), try right.resolve(against: type, parent: parent))
        case .not(let inner):
            return .not(try inner.resolve(against: type, parent: parent))
        case .present(let path):
            return .present(try Filter.attribute(path, in: type, parent: parent))
        case .compare(let path, let op, let value):
            var attribute = try Filter.attribute(path, in: type, parent: parent)
            if attribute.leaf.isComplex {
                // RFC 7644 §3.4.2.2: a filter on a multi-valued complex attribute compares its `value`.
                guard let valueAttribute = type.resolve(subAttribute: "value", of: attribute) else {
                    throw .invalidFilter("attribute '\(path)' is complex; compare one of its sub-attributes")
                }
                attribute = valueAttribute
            }
            try Filter.check(op, value, for: attribute, path: path)
            return .compare(attribute, op, value)
        case .valuePath(let path, let inner):
            guard parent == nil else { throw .invalidFilter("value filters cannot be nested") }
            let attribute = try Filter.attribute(path, in: type, parent: nil)
            guard attribute.attribute.isComplex, !attribute.hasSubAttribute else {
                throw .invalidFilter("attribute '\(path)' is not complex, so it cannot take a value filter")
            }
            return .valuePath(attribute, try inner.resolve(against: type, parent: attribute))
        }
    }

    private static func attribute(
        _ path: AttributePath, in type: ResourceType, parent: ResolvedAttribute?
    ) throws(SCIMError) -> ResolvedAttribute {
        let resolved: ResolvedAttribute?
        if let parent {
            resolved =
                path.schema == nil && path.subAttribute == nil ? type.resolve(subAttribute: path.name, of: parent) : nil
        } else {
            resolved = type.resolve(path)
        }
        guard let resolved else {
            let scope = parent.map { " of '\($0.attribute.name)'" } ?? ""
            throw .invalidFilter("unknown attribute '\(path)'\(scope)")
        }
        if resolved.leaf.returned == .never || resolved.attribute.returned == .never {
            throw .invalidFilter("attribute '\(path)' cannot be used in a filter")
        }
        return resolved
    }

    /// RFC 7644 §3.4.2.2: `gt ge lt le` are not defined on booleans and binary; `co sw ew` compare strings;
    /// the value must suit the attribute type (`null` suits every type).
    private static func check(
        _ op: ComparisonOperator, _ value: FilterValue, for attribute: ResolvedAttribute, path: AttributePath
    ) throws(SCIMError) {
        let type = attribute.leaf.type
        if attribute.isOpenSubAttribute {
            // Custom metadata values are strings, numbers or booleans; anything scalar goes.
            if op.isOrdering || op == .co || op == .sw || op == .ew, case .bool = value {
                throw .invalidFilter("operator '\(op.rawValue)' cannot compare a boolean")
            }
            return
        }
        if op.isOrdering && (type == .boolean || type == .binary) {
            throw .invalidFilter("operator '\(op.rawValue)' is not defined for \(type.rawValue) attribute '\(path)'")
        }
        let isText = type == .string || type == .reference || type == .dateTime || type == .binary
        if (op == .co || op == .sw || op == .ew) && !isText {
            throw .invalidFilter("operator '\(op.rawValue)' needs a string attribute; '\(path)' is \(type.rawValue)")
        }
        let fits: Bool
        switch value {
        case .null: fits = true
        case .string: fits = isText
        case .number: fits = type == .integer || type == .decimal
        case .bool: fits = type == .boolean
        }
        guard fits else {
            throw .invalidFilter("attribute '\(path)' is \(type.rawValue); \(value) is not a \(type.rawValue) value")
        }
        if type == .dateTime, case .string(let text) = value, !isDateTime(text) {
            throw .invalidFilter("attribute '\(path)' is a dateTime; \(value) is not of the form 2024-05-13T04:42:34Z")
        }
    }

    /// Whether `text` is an xsd:dateTime with a time zone (RFC 7643 §2.3.5), e.g. `2024-05-13T04:42:34.5Z`
    /// or `2024-05-13T04:42:34+02:00`, so the store can cast it without failing.
    static func isDateTime(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { $0 &- UInt8(ascii: "0") < 10 }
        }
        func byte(_ index: Int, is ascii: Unicode.Scalar) -> Bool {
            index < bytes.count && bytes[index] == UInt8(ascii: ascii)
        }
        guard digits(0..<4), byte(4, is: "-"), digits(5..<7), byte(7, is: "-"), digits(8..<10),
            byte(10, is: "T") || byte(10, is: "t"), digits(11..<13), byte(13, is: ":"), digits(14..<16),
            byte(16, is: ":"), digits(17..<19)
        else { return false }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let start = index
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, is: "Z") || byte(index, is: "z") { return index + 1 == bytes.count }
        guard byte(index, is: "+") || byte(index, is: "-") else { return false }
        return digits((index + 1)..<(index + 3)) && byte(index + 3, is: ":") && digits((index + 4)..<(index + 6))
            && index + 6 == bytes.count
    }
}
