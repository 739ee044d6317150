/// What the server advertises in `/ServiceProviderConfig` (RFC 7643 §5).
public struct ServiceProviderOptions: Sendable, Hashable {
    /// The SCIM base URL without a trailing slash, e.g. `https://acme.example.com/api/scim/v2`.
    public var baseURL: String
    /// An HTTP-addressable URL pointing to the service provider's documentation, if any.
    public var documentationURI: String?
    /// Whether `/Bulk` is supported. Default false.
    public var bulkSupported: Bool
    /// Bulk: most operations per request. Default 0.
    public var bulkMaxOperations: Int
    /// Bulk: largest payload in bytes. Default 0.
    public var bulkMaxPayloadSize: Int
    /// Most resources a query returns (also the page size cap). Default 200.
    public var filterMaxResults: Int
    /// Whether `sortBy` is supported. Default false.
    public var sortSupported: Bool

    /// Options with the documented defaults.
    public init(
        baseURL: String,
        documentationURI: String? = nil,
        bulkSupported: Bool = false,
        bulkMaxOperations: Int = 0,
        bulkMaxPayloadSize: Int = 0,
        filterMaxResults: Int = 200,
        sortSupported: Bool = false
    ) {
        self.baseURL = baseURL
        self.documentationURI = documentationURI
        self.bulkSupported = bulkSupported
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
        self.filterMaxResults = filterMaxResults
        self.sortSupported = sortSupported
    }
}
