import Foundation

/// A Swift value that can be read from a text-format result column.
public protocol PostgresDecodable {
    /// Reads the value from the column's text, or returns nil when the text is not of this type.
    init?(postgresText text: String)
    /// What to do with SQL NULL: nil means NULL is an error for this type.
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension String: PostgresDecodable {
    public init?(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int64: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Int32: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Bool: PostgresDecodable {
    public init?(postgresText text: String) {
        switch text {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension Double: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension UUID: PostgresDecodable {
    public init?(postgresText text: String) { self.init(uuidString: text) }
}

extension Date: PostgresDecodable {
    public init?(postgresText text: String) {
        guard let date = PostgresTimestamp.parse(text) else { return nil }
        self = date
    }
}

extension PostgresJSON: PostgresDecodable {
    public init?(postgresText text: String) { self.init(text) }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init?(postgresText text: String) {
        guard let value = Wrapped(postgresText: text) else { return nil }
        self = .some(value)
    }

    public static var postgresNull: Self? { .some(.none) }
}

extension Array: PostgresDecodable where Element == String {
    /// Parses a one-dimensional text array literal such as `{a,"b c",NULL}` (NULL elements are refused).
    public init?(postgresText text: String) {
        var scalars = Array<Unicode.Scalar>(text.unicodeScalars)[...]
        guard scalars.popFirst() == "{", scalars.popLast() == "}" else { return nil }
        var elements: [String] = []
        guard !scalars.isEmpty else {
            self = []
            return
        }
        while true {
            var element = ""
            if scalars.first == "\"" {
                scalars.removeFirst()
                var closed = false
                while let scalar = scalars.popFirst() {
                    if scalar == "\\" {
                        guard let escaped = scalars.popFirst() else { return nil }
                        element.unicodeScalars.append(escaped)
                    } else if scalar == "\"" {
                        closed = true
                        break
                    } else {
                        element.unicodeScalars.append(scalar)
                    }
                }
                guard closed else { return nil }
            } else {
                while let scalar = scalars.first, scalar != "," {
                    element.unicodeScalars.append(scalar)
                    scalars.removeFirst()
                }
                guard element != "NULL", !element.isEmpty else { return nil }
            }
            elements.append(element)
            guard let separator = scalars.popFirst() else { break }
            guard separator == "," else { return nil }
        }
        self = elements
    }
}
