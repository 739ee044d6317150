/// Bounds on a User or Group body beyond the JSON parser's (``JSONLimits`` bounds the whole document).
/// Lengths are UTF-8 bytes. Exceeding one is a 400 `invalidValue` naming the attribute.
public struct ResourceLimits: Sendable, Hashable {
    /// Longest string value (and number literal). Default 4 KiB.
    public var maxStringBytes: Int
    /// Longest `binary` value (`x509Certificates.value`, base64). Default 16 KiB.
    public var maxBinaryBytes: Int
    /// Longest `userName`, and longest Group `displayName`. Default 512.
    public var maxUserNameBytes: Int
    /// Longest `externalId` and `emails.value`, which the database indexes. Default 1024.
    public var maxIndexedBytes: Int = 1024
    /// Most values of one multi-valued attribute (`emails`, `roles`, …; not Group `members`, which only
    /// the JSON limits bound). Default 100.
    public var maxValuesPerAttribute: Int
    /// Most custom attributes under `metadata`. Default 100.
    public var maxMetadataKeys: Int
    /// Longest custom attribute name under `metadata`. Default 128.
    public var maxMetadataKeyBytes: Int

    /// Limits with the given values (defaults as documented on each property).
    public init(
        maxStringBytes: Int = 4 << 10, maxBinaryBytes: Int = 16 << 10, maxUserNameBytes: Int = 512,
        maxValuesPerAttribute: Int = 100, maxMetadataKeys: Int = 100, maxMetadataKeyBytes: Int = 128
    ) {
        self.maxStringBytes = maxStringBytes
        self.maxBinaryBytes = maxBinaryBytes
        self.maxUserNameBytes = maxUserNameBytes
        self.maxValuesPerAttribute = maxValuesPerAttribute
        self.maxMetadataKeys = maxMetadataKeys
        self.maxMetadataKeyBytes = maxMetadataKeyBytes
    }

    /// The documented defaults.
    public static let `default` = ResourceLimits()
}
