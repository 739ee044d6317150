/// A JSON object: members in insertion order (so output is deterministic) with ASCII
/// case-insensitive key lookup (RFC 7643 §2.1: attribute names are case-insensitive).
///
/// Keys are unique case-insensitively. Lookup is a linear scan, which is fastest for the small
/// objects SCIM uses. Equality ignores member order and key case.
public struct JSONObject: Sendable {
    /// One member: a key and its value.
    public typealias Member = (key: String, value: JSONValue)

    /// The members in order.
    public private(set) var members: [Member]

    /// An empty object.
    public init() {
        members = []
    }

    /// An object from members; a repeated key (case-insensitively) keeps the last value at the first position.
    public init(_ members: some Sequence<Member>) {
        self.members = []
        for member in members { self[member.key] = member.value }
    }

    /// Members the caller guarantees to be unique case-insensitively (the parser checked).
    init(uncheckedMembers: [Member]) {
        members = uncheckedMembers
    }

    /// The position of `key` (ASCII case-insensitive), if present.
    public func index(forKey key: String) -> Int? {
        members.firstIndex { JSONObject.keysEqual($0.key, key) }
    }

    /// Whether a member named `key` (ASCII case-insensitive) exists.
    public func contains(_ key: String) -> Bool {
        index(forKey: key) != nil
    }

    /// The value of `key` (ASCII case-insensitive). Setting replaces the value in place and adopts
    /// the new key spelling; setting `nil` removes the member; a new key is appended.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where JSONObject.keysEqual(member.key, key) { return member.value }
            return nil
        }
        set {
            if let index = index(forKey: key) {
                if let newValue {
                    members[index] = (key, newValue)
                } else {
                    members.remove(at: index)
                }
            } else if let newValue {
                members.append((key, newValue))
            }
        }
    }

    /// Removes the member named `key` (ASCII case-insensitive) and returns its value.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSONValue? {
        guard let index = index(forKey: key) else { return nil }
        return members.remove(at: index).value
    }

    /// The actual key spelling stored for `key`, if present.
    public func storedKey(for key: String) -> String? {
        index(forKey: key).map { members[$0].key }
    }

    /// The keys in order.
    public var keys: [String] { members.map(\.key) }

    /// The values in order.
    public var values: [JSONValue] { members.map(\.value) }

    /// ASCII case-insensitive equality of two keys, byte by byte (no Unicode normalisation).
    @inlinable
    public static func keysEqual(_ lhs: String, _ rhs: String) -> Bool {
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        // Most lookups are of canonical names, or of a different name that differs in its first bytes.
        let fast = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b -> Bool in
                for index in 0..<a.count where a[index] != b[index] {
                    if asciiLowercased(a[index]) != asciiLowercased(b[index]) { return false }
                }
                return true
            }
        }
        if let fast, let result = fast { return result }
        return left.elementsEqual(right) { asciiLowercased($0) == asciiLowercased($1) }
    }

    /// The byte with `A`–`Z` folded to `a`–`z`.
    @inlinable
    static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
    }
}

extension JSONObject: RandomAccessCollection {
    /// The first member position.
    public var startIndex: Int { members.startIndex }
    /// One past the last member position.
    public var endIndex: Int { members.endIndex }
    /// The member at `position`.
    public subscript(position: Int) -> Member { members[position] }
}

extension JSONObject: Hashable {
    /// Equal when both hold the same keys (ASCII case-insensitively) with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (index, member) in lhs.members.enumerated() {
            let other = rhs.members[index]
            if keysEqual(member.key, other.key) {
                if member.value != other.value { return false }
            } else if rhs[member.key] != member.value {
                return false
            }
        }
        return true
    }

    /// Hashes order-independently with folded keys, consistent with `==`.
    public func hash(into hasher: inout Hasher) {
        var sum = 0
        for member in members {
            var memberHasher = Hasher()
            for byte in member.key.utf8 { memberHasher.combine(JSONObject.asciiLowercased(byte)) }
            memberHasher.combine(member.value)
            sum &+= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(sum)
    }
}
