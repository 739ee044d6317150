/// Bounds the JSON parser enforces; exceeding any of them is a ``JSONParseError``, never a crash.
public struct JSONLimits: Sendable, Hashable {
    /// Largest accepted document in bytes. Default 1 MiB.
    public var maxBytes: Int
    /// Deepest nesting of arrays and objects. Default 64; values above ``depthCeiling`` are treated as it,
    /// so the recursive parser can never overflow the stack.
    public var maxDepth: Int
    /// Longest string (or number literal) in UTF-8 bytes after unescaping. Default 64 KiB.
    public var maxStringBytes: Int
    /// Most elements in one array or members in one object. Default 100,000.
    public var maxMembers: Int

    /// The hard ceiling on ``maxDepth``.
    public static let depthCeiling = 512

    /// Limits for request bodies.
    public static let `default` = JSONLimits()

    /// Limits with the given values (defaults as documented on each property).
    public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64, maxStringBytes: Int = 64 << 10, maxMembers: Int = 100_000)
    {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
        self.maxMembers = maxMembers
    }
}
