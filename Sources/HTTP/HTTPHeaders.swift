/// An ordered list of HTTP header fields.
///
/// Fields keep the order and spelling in which they arrived, and repeated names stay repeated: the
/// list is never collapsed into a dictionary, so a second `Host` or `Content-Length` stays visible
/// (RFC 9112 §3.2, §6.3). Name lookups are ASCII case-insensitive (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Equatable {
    /// One header field: a name and a value, both as received or as set.
    public struct Field: Sendable, Equatable {
        /// The field name, with its original spelling.
        public var name: String
        /// The field value, without leading or trailing whitespace.
        public var value: String

        /// Creates a field.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The fields, in order.
    public private(set) var fields: [Field]

    /// Creates an empty header list.
    public init() {
        self.fields = []
    }

    /// Creates a header list from name/value pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { Field(name: $0.0, value: $0.1) }
    }

    /// The number of fields, counting repeated names separately.
    public var count: Int { fields.count }

    /// Whether the list holds no field.
    public var isEmpty: Bool { fields.isEmpty }

    /// The value of the first field called `name` (case-insensitive), or `nil`.
    public func first(_ name: String) -> String? {
        for field in fields where Self.namesMatch(field.name, name) {
            return field.value
        }
        return nil
    }

    /// The values of every field called `name` (case-insensitive), in order.
    public func values(_ name: String) -> [String] {
        fields.compactMap { Self.namesMatch($0.name, name) ? $0.value : nil }
    }

    /// Whether at least one field is called `name` (case-insensitive).
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any existing field of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces every field called `name` with one field holding `value`, in place of the first one.
    public mutating func set(_ name: String, _ value: String) {
        guard let index = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[index].value = value
        var position = fields.index(after: index)
        while position < fields.endIndex {
            if Self.namesMatch(fields[position].name, name) {
                fields.remove(at: position)
            } else {
                position = fields.index(after: position)
            }
        }
    }

    /// Removes every field called `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    /// ASCII case-insensitive comparison of two field names, without allocating.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        let fast = lhs.utf8.withContiguousStorageIfAvailable { a in
            rhs.utf8.withContiguousStorageIfAvailable { b -> Bool in
                guard a.count == b.count else { return false }
                for index in 0..<a.count where a[index] != b[index] {
                    if ASCII.lowercased(a[index]) != ASCII.lowercased(b[index]) { return false }
                }
                return true
            }
        }
        if let fast, let result = fast { return result }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil):
                return true
            case let (a?, b?):
                if ASCII.lowercased(a) != ASCII.lowercased(b) { return false }
            default:
                return false
            }
        }
    }
}

extension HTTPHeaders: Sequence {
    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }
}

extension HTTPHeaders: ExpressibleByDictionaryLiteral {
    /// Creates a header list from a literal, keeping the literal's order (repeated names allowed).
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }
}
