// Public entry points of the parser.

extension JSONValue {
    /// Parses one JSON document (RFC 8259, strict) from raw bytes.
    ///
    /// Rejects trailing commas, comments, `NaN`, leading zeros, control characters in strings,
    /// lone surrogates, invalid or overlong UTF-8, U+0000 in strings (PostgreSQL text cannot hold it),
    /// duplicate keys in one object (compared ASCII case-insensitively, as SCIM compares attribute
    /// names) and anything beyond `limits`. Whitespace around the document is allowed.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .default) throws(JSONParseError)
        -> JSONValue
    {
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// Parses one JSON document from a byte array.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, limits: limits) }
        }
        return try result.get()
    }

    /// Parses one JSON document from any byte collection (`Data`, `ArraySlice<UInt8>`, …).
    public static func parse(_ bytes: some Collection<UInt8>, limits: JSONLimits = .default) throws(JSONParseError)
        -> JSONValue
    {
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(UnsafeRawBufferPointer(buffer), limits: limits)
            }
        }
        if let contiguous { return try contiguous.get() }
        return try parse(Array(bytes), limits: limits)
    }

    /// Parses one JSON document from the UTF-8 of a string.
    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8), limits: limits)
    }
}
