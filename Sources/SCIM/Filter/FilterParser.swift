/// Parses SCIM filters (RFC 7644 §3.4.2.2, the ABNF of Figure 1) into ``Filter`` values.
///
/// - Operators `eq ne co sw ew gt ge lt le pr`, logical `and`, `or`, `not ( … )` and grouping, with
///   precedence grouping > `not` > `and` > `or`; `and`/`or` associate to the left.
/// - Attribute names, operators and `and`/`or`/`not` are case-insensitive; paths may carry a schema
///   URN (`urn:…:enterprise:2.0:User:department`) and a sub-attribute (`name.familyName`).
/// - Value filters `emails[type eq "work" and value co "@example.com"]`, not nested. As Entra asks of
///   uniqueness attributes, `emails[type eq "work"].value eq "x"` is accepted too and read as
///   `emails[type eq "work" and value eq "x"]`.
/// - Values are JSON: strings with escapes, numbers, `true`, `false`, `null`. An unquoted value such as
///   Entra's documented `externalId eq jyoung` is rejected with a detail that says to quote it.
/// - Errors are 400 `invalidFilter` naming the character position. Length and nesting are bounded by
///   ``FilterLimits``, so 2,000 nested parentheses fail fast instead of overflowing the stack.
public enum FilterParser {
    /// Parses `text` into a filter or throws 400 `invalidFilter`.
    public static func parse(_ text: String, limits: FilterLimits = .default) throws(SCIMError) -> Filter {
        guard text.utf8.count <= limits.maxLength else {
            throw .invalidFilter("filter longer than \(limits.maxLength) bytes")
        }
        var parser = FilterGrammar(text: text, limits: limits, errorType: .invalidFilter)
        let filter = try parser.parseFilter(depth: 0)
        let trailing = try parser.scanner.next()
        guard trailing == .end else {
            throw parser.scanner.error("unexpected \(FilterGrammar.describe(trailing)) after the end of the filter")
        }
        return filter
    }
}

/// The recursive-descent grammar behind ``FilterParser`` and ``PatchPath``.
struct FilterGrammar {
    var scanner: FilterScanner
    let limits: FilterLimits

    init(text: String, limits: FilterLimits, errorType: SCIMType) {
        self.scanner = FilterScanner(text, errorType: errorType)
        self.limits = limits
    }

    /// `FILTER` with `or` as the loosest operator.
    mutating func parseFilter(depth: Int, inValuePath: Bool = false) throws(SCIMError) -> Filter {
        var left = try parseConjunction(depth: depth, inValuePath: inValuePath)
        while try isKeyword("or") {
            _ = try scanner.next()
            left = .or(left, try parseConjunction(depth: depth, inValuePath: inValuePath))
        }
        return left
    }

    private mutating func parseConjunction(depth: Int, inValuePath: Bool) throws(SCIMError) -> Filter {
        var left = try parseUnary(depth: depth, inValuePath: inValuePath)
        while try isKeyword("and") {
            _ = try scanner.next()
            left = .and(left, try parseUnary(depth: depth, inValuePath: inValuePath))
        }
        return left
    }

    private mutating func parseUnary(depth: Int, inValuePath: Bool) throws(SCIMError) -> Filter {
        let token = try scanner.next()
        switch token {
        case .punctuation(UInt8(ascii: "(")):
            let inner = try parseGroup(depth: depth, inValuePath: inValuePath)
            return inner
        case .word(let word) where word.lowercased() == "not":
            let open = try scanner.next()
            guard open == .punctuation(UInt8(ascii: "(")) else {
                throw scanner.error("expected '(' after 'not'")
            }
            return .not(try parseGroup(depth: depth, inValuePath: inValuePath))
        case .word(let word):
            return try parseAttributeExpression(word, depth: depth, inValuePath: inValuePath)
        case .end:
            throw scanner.error("expected an attribute path")
        default:
            throw scanner.error("expected an attribute path, found \(FilterGrammar.describe(token))")
        }
    }

    /// After an opening parenthesis: the inner filter and the closing one.
    private mutating func parseGroup(depth: Int, inValuePath: Bool) throws(SCIMError) -> Filter {
        try checkDepth(depth + 1)
        let inner = try parseFilter(depth: depth + 1, inValuePath: inValuePath)
        let close = try scanner.next()
        guard close == .punctuation(UInt8(ascii: ")")) else {
            throw scanner.error("expected ')', found \(FilterGrammar.describe(close))")
        }
        return inner
    }

    func checkDepth(_ depth: Int) throws(SCIMError) {
        if depth > limits.maxDepth {
            throw scanner.error("filter nested deeper than \(limits.maxDepth) levels")
        }
    }

    /// `attrPath pr`, `attrPath op value`, or `attrPath [ valFilter ]` (optionally `.sub op value`).
    private mutating func parseAttributeExpression(
        _ word: String, depth: Int, inValuePath: Bool
    ) throws(SCIMError) -> Filter {
        let pathStart = scanner.tokenStart
        let path = try parsePath(word, inValuePath: inValuePath)
        if scanner.nextByteIs(UInt8(ascii: "[")) {
            guard !inValuePath else { throw scanner.error("value filters cannot be nested", at: scanner.position) }
            guard path.subAttribute == nil else {
                throw scanner.error("a value filter must follow an attribute, not a sub-attribute", at: pathStart)
            }
            let inner = try parseValueFilter(depth: depth)
            guard scanner.nextByteIs(UInt8(ascii: ".")) else { return .valuePath(path, inner) }
            // Entra: `emails[type eq "work"].value eq "x"` means one email matching both.
            let sub = try parseSubAttributeAfterBracket()
            let comparison = try parseComparison(AttributePath(name: sub))
            return .valuePath(path, .and(inner, comparison))
        }
        return try parseComparison(path)
    }

    /// After `attrPath`, at `[`: the value filter through `]`.
    mutating func parseValueFilter(depth: Int) throws(SCIMError) -> Filter {
        _ = try scanner.next()  // [
        try checkDepth(depth + 1)
        let inner = try parseFilter(depth: depth + 1, inValuePath: true)
        let close = try scanner.next()
        guard close == .punctuation(UInt8(ascii: "]")) else {
            throw scanner.error("expected ']', found \(FilterGrammar.describe(close))")
        }
        return inner
    }

    /// After `]`, at `.`: the sub-attribute name.
    mutating func parseSubAttributeAfterBracket() throws(SCIMError) -> String {
        let token = try scanner.next()
        guard case .word(let word) = token, word.hasPrefix("."), AttributePath.isName(word.dropFirst()) else {
            throw scanner.error("expected a sub-attribute name after ']'")
        }
        return String(word.dropFirst())
    }

    /// Validates an attribute path word; inside a value filter only plain sub-attribute names are allowed.
    mutating func parsePath(_ word: String, inValuePath: Bool) throws(SCIMError) -> AttributePath {
        guard let path = AttributePath(word) else {
            throw scanner.error("'\(word)' is not a valid attribute path")
        }
        if inValuePath && (path.schema != nil || path.subAttribute != nil) {
            throw scanner.error("inside a value filter, name a sub-attribute such as 'value' or 'type'")
        }
        return path
    }

    /// The operator and, unless it is `pr`, the comparison value.
    private mutating func parseComparison(_ path: AttributePath) throws(SCIMError) -> Filter {
        let token = try scanner.next()
        guard case .word(let word) = token else {
            throw scanner.error("expected a comparison operator, found \(FilterGrammar.describe(token))")
        }
        let name = word.lowercased()
        if name == "pr" { return .present(path) }
        guard let op = ComparisonOperator(rawValue: name) else {
            throw scanner.error(
                "expected a comparison operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr), found '\(word)'")
        }
        return .compare(path, op, try parseValue())
    }

    private mutating func parseValue() throws(SCIMError) -> FilterValue {
        let token = try scanner.next()
        switch token {
        case .string(let string):
            return .string(string)
        case .word(let word):
            switch word.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "null": return .null
            default:
                if let number = JSONNumber(word) { return .number(number) }
                throw scanner.error(
                    "expected a comparison value (a string in double quotes, a number, true, false or null), "
                        + "found '\(word)'; quote string values")
            }
        default:
            throw scanner.error("expected a comparison value, found \(FilterGrammar.describe(token))")
        }
    }

    private mutating func isKeyword(_ keyword: String) throws(SCIMError) -> Bool {
        if case .word(let word) = try scanner.peek() { return word.lowercased() == keyword }
        return false
    }

    /// A token for messages.
    static func describe(_ token: FilterScanner.Token) -> String {
        switch token {
        case .punctuation(let byte): return "'\(Character(Unicode.Scalar(byte)))'"
        case .word(let word): return "'\(word)'"
        case .string: return "a string"
        case .end: return "the end of the filter"
        }
    }
}
