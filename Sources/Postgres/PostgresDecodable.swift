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
    public init?(postgresText text: String) { self.init(text: text) }
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
        let bytes = [UInt8](text.utf8)
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        var elements: [String] = []
        var index = 1
        let end = bytes.count - 1
        guard index < end else {
            self = []
            return
        }
        var element: [UInt8] = []
        while true {
            element.removeAll(keepingCapacity: true)
            if bytes[index] == UInt8(ascii: "\"") {
                index += 1
                var closed = false
                while index < end {
                    let byte = bytes[index]
                    index += 1
                    if byte == UInt8(ascii: "\\") {
                        guard index < end else { return nil }
                        element.append(bytes[index])
                        index += 1
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        break
                    } else {
                        element.append(byte)
                    }
                }
                guard closed else { return nil }
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    element.append(bytes[index])
                    index += 1
                }
                guard !element.isEmpty, element != [UInt8]("NULL".utf8) else { return nil }
            }
            elements.append(String(decoding: element, as: UTF8.self))
            guard index < end else { break }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            guard index < end else { return nil }
        }
        self = elements
    }
}
