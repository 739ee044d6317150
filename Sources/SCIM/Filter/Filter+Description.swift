// Renders filters back to SCIM filter text (for logs and tests), with only the parentheses the
// tree needs, so `parse(f.description) == f`.

extension Filter: CustomStringConvertible {
    /// The filter as SCIM filter text.
    public var description: String {
        render(minimumPrecedence: 0)
    }

    /// `or` binds loosest (1), then `and` (2), then everything else (3).
    private var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        default: return 3
        }
    }

    private func render(minimumPrecedence: Int) -> String {
        let text: String
        switch self {
        case .compare(let path, let op, let value):
            text = "\(path) \(op.rawValue) \(value)"
        case .present(let path):
            text = "\(path) pr"
        case .and(let left, let right):
            text = left.render(minimumPrecedence: 2) + " and " + right.render(minimumPrecedence: 3)
        case .or(let left, let right):
            text = left.render(minimumPrecedence: 1) + " or " + right.render(minimumPrecedence: 2)
        case .not(let inner):
            text = "not (" + inner.render(minimumPrecedence: 0) + ")"
        case .valuePath(let path, let inner):
            text = "\(path)[" + inner.render(minimumPrecedence: 0) + "]"
        }
        return precedence < minimumPrecedence ? "(" + text + ")" : text
    }
}

extension FilterValue: CustomStringConvertible {
    /// The value as JSON text.
    public var description: String {
        switch self {
        case .string(let string): return String(json: .string(string))
        case .number(let number): return number.text
        case .bool(let bool): return bool ? "true" : "false"
        case .null: return "null"
        }
    }

    /// The value as a JSON value.
    public var jsonValue: JSONValue {
        switch self {
        case .string(let string): return .string(string)
        case .number(let number): return .number(number)
        case .bool(let bool): return .bool(bool)
        case .null: return .null
        }
    }
}
