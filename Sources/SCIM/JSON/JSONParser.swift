/// The byte-level RFC 8259 parser behind ``JSONValue/parse(_:limits:)-(some Collection<UInt8>,_)``.
///
/// Recursive descent over a contiguous buffer; the recursion is bounded by ``JSONLimits/maxDepth``
/// (itself capped by ``JSONLimits/depthCeiling``), so deep input fails fast instead of overflowing the stack.
struct JSONParser: ~Copyable {
    let bytes: UnsafeRawBufferPointer
    let count: Int
    let limits: JSONLimits
    let maxDepth: Int
    var position = 0
    var depth = 0
    /// Reused buffer for strings that contain escapes.
    var scratch: [UInt8] = []
    /// Members of the objects being parsed, innermost last; each object takes its slice when it closes,
    /// so every object allocates its member array once, at its exact size.
    var memberStack: [JSONObject.Member] = []
    /// The fingerprint of each key on `memberStack`, to find duplicates without comparing strings.
    var keyFingerprintStack: [UInt64] = []
    /// Whether the string just parsed had escapes (its bytes are then in `scratch`, else in the input
    /// just before `position`).
    var lastStringWasEscaped = false
    /// Elements of the arrays being parsed, innermost last.
    var elementStack: [JSONValue] = []

    init(bytes: UnsafeRawBufferPointer, limits: JSONLimits) {
        self.bytes = bytes
        self.count = bytes.count
        self.limits = limits
        self.maxDepth = min(limits.maxDepth, JSONLimits.depthCeiling)
    }

    /// Parses one document with optional surrounding whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard count <= limits.maxBytes else {
            throw JSONParseError(.tooLarge, at: limits.maxBytes, "document larger than \(limits.maxBytes) bytes")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == count else {
            throw JSONParseError(.trailingData, at: position, "unexpected data after the JSON document")
        }
        return value
    }

    @inline(__always)
    func byte(at index: Int) -> UInt8 {
        bytes[index]
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < count else {
            throw JSONParseError(.unexpectedEnd, at: position, "unexpected end of input, expected a value")
        }
        switch bytes[position] {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default:
            throw JSONParseError(
                .unexpectedByte, at: position, "unexpected \(describe(bytes[position])), expected a value")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        guard position + length <= count else {
            throw JSONParseError(.invalidLiteral, at: position, "invalid literal, expected '\(literal)'")
        }
        for offset in 0..<length where bytes[position + offset] != start[offset] {
            throw JSONParseError(.invalidLiteral, at: position + offset, "invalid literal, expected '\(literal)'")
        }
        position += length
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > maxDepth {
            throw JSONParseError(.tooDeep, at: position, "nesting deeper than \(maxDepth) levels")
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        skipWhitespace()
        if position < count && bytes[position] == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array([])
        }
        let base = elementStack.count
        while true {
            skipWhitespace()
            if position < count && bytes[position] == UInt8(ascii: "]") {
                throw JSONParseError(.unexpectedByte, at: position, "trailing comma in array")
            }
            elementStack.append(try parseValue())
            if elementStack.count - base > limits.maxMembers {
                throw JSONParseError(
                    .tooManyMembers, at: position, "array with more than \(limits.maxMembers) elements")
            }
            skipWhitespace()
            guard position < count else {
                throw JSONParseError(.unexpectedEnd, at: position, "unexpected end of input in array")
            }
            let next = bytes[position]
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "]") { break }
            throw JSONParseError(.unexpectedByte, at: position - 1, "unexpected \(describe(next)), expected ',' or ']'")
        }
        depth -= 1
        let elements = Array(elementStack[base...])
        elementStack.removeLast(elementStack.count - base)
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        skipWhitespace()
        if position < count && bytes[position] == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        let base = memberStack.count
        // Large objects switch from scanning key fingerprints to a set of folded keys.
        var keySet: Set<FoldedKey>?
        // One bit per fingerprint seen in this object: a clear bit proves a key new without scanning.
        var seen: UInt64 = 0
        while true {
            skipWhitespace()
            guard position < count else {
                throw JSONParseError(.unexpectedEnd, at: position, "unexpected end of input in object")
            }
            guard bytes[position] == UInt8(ascii: "\"") else {
                let message =
                    bytes[position] == UInt8(ascii: "}") ? "trailing comma in object" : "expected a string key"
                throw JSONParseError(.unexpectedByte, at: position, message)
            }
            let keyOffset = position
            let key = try parseString()
            let keyHash = try checkDuplicate(key, base: base, seen: &seen, keySet: &keySet, at: keyOffset)
            skipWhitespace()
            guard position < count, bytes[position] == UInt8(ascii: ":") else {
                if position >= count {
                    throw JSONParseError(.unexpectedEnd, at: position, "unexpected end of input, expected ':'")
                }
                throw JSONParseError(.unexpectedByte, at: position, "expected ':' after object key")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            // Both stacks grow together, after the value, so nested objects see them aligned.
            memberStack.append((key, value))
            keyFingerprintStack.append(keyHash)
            if memberStack.count - base > limits.maxMembers {
                throw JSONParseError(
                    .tooManyMembers, at: position, "object with more than \(limits.maxMembers) members")
            }
            skipWhitespace()
            guard position < count else {
                throw JSONParseError(.unexpectedEnd, at: position, "unexpected end of input in object")
            }
            let next = bytes[position]
            position += 1
            if next == UInt8(ascii: ",") { continue }
            if next == UInt8(ascii: "}") { break }
            throw JSONParseError(.unexpectedByte, at: position - 1, "unexpected \(describe(next)), expected ',' or '}'")
        }
        depth -= 1
        let members = Array(memberStack[base...])
        memberStack.removeLast(memberStack.count - base)
        keyFingerprintStack.removeLast(keyFingerprintStack.count - base)
        return .object(JSONObject(uncheckedMembers: members))
    }

    /// Throws if `key` repeats (ASCII case-insensitively) a key of the object whose members start at `base`,
    /// and returns the key's fingerprint. Objects up to 32 members check a 64-bit mask of fingerprints, then
    /// compare fingerprints; larger ones use a set.
    func checkDuplicate(
        _ key: String, base: Int, seen: inout UInt64, keySet: inout Set<FoldedKey>?, at offset: Int
    ) throws(JSONParseError) -> UInt64 {
        let fingerprint = lastKeyFingerprint(keyStart: offset + 1)
        var isDuplicate = false
        let memberCount = keyFingerprintStack.count - base
        let bit: UInt64 = 1 << ((fingerprint ^ fingerprint >> 24) & 63)
        defer { seen |= bit }
        if memberCount < 32 {
            guard seen & bit != 0 else { return fingerprint }
            for index in base..<keyFingerprintStack.count where keyFingerprintStack[index] == fingerprint {
                if JSONObject.keysEqual(memberStack[index].key, key) {
                    isDuplicate = true
                    break
                }
            }
        } else {
            // A seeded hash here, so crafted fingerprint collisions cannot make this quadratic.
            if keySet == nil {
                keySet = Set(memberStack[base...].map { FoldedKey(key: $0.key) })
            }
            isDuplicate = keySet?.insert(FoldedKey(key: key)).inserted == false
        }
        if isDuplicate {
            throw JSONParseError(.duplicateKey, at: offset, "duplicate key '\(key)' (keys are case-insensitive)")
        }
        return fingerprint
    }

    /// A cheap fingerprint of a key (length and three folded bytes): equal keys have equal fingerprints,
    /// so only keys with the same fingerprint are compared in full.
    @inline(__always)
    static func fingerprint(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        guard count > 0 else { return 0 }
        let first = UInt64(JSONObject.asciiLowercased(bytes[0]))
        let middle = UInt64(JSONObject.asciiLowercased(bytes[count / 2]))
        let last = UInt64(JSONObject.asciiLowercased(bytes[count - 1]))
        return UInt64(count) << 24 | first << 16 | middle << 8 | last
    }

    /// ``fingerprint(_:)`` of the key just parsed.
    @inline(__always)
    func lastKeyFingerprint(keyStart: Int) -> UInt64 {
        if lastStringWasEscaped {
            return scratch.withUnsafeBytes { JSONParser.fingerprint($0) }
        }
        return JSONParser.fingerprint(UnsafeRawBufferPointer(rebasing: bytes[keyStart..<(position - 1)]))
    }

    /// A readable name for a byte in messages.
    func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        return "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}

/// A key hashed and compared ASCII case-insensitively.
struct FoldedKey: Hashable {
    let key: String

    static func == (lhs: FoldedKey, rhs: FoldedKey) -> Bool {
        JSONObject.keysEqual(lhs.key, rhs.key)
    }

    func hash(into hasher: inout Hasher) {
        for byte in key.utf8 { hasher.combine(JSONObject.asciiLowercased(byte)) }
    }
}
