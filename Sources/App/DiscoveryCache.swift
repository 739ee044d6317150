import SCIM

/// The discovery documents, generated from the schema definitions once per base URL and kept as
/// serialized bytes. One per worker (no lock on the request path).
struct DiscoveryCache {
    struct Documents {
        let serviceProviderConfig: [UInt8]
        let resourceTypes: [UInt8]
        let schemas: [UInt8]
    }

    let maxResults: Int
    let bulkMaxOperations: Int
    let bulkMaxPayloadSize: Int
    private var documents: [String: Documents] = [:]

    init(maxResults: Int, bulkMaxOperations: Int, bulkMaxPayloadSize: Int) {
        self.maxResults = maxResults
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
    }

    /// The documents for `baseURL` (bounded: one entry per host name the worker answers for).
    mutating func documents(_ baseURL: String) -> Documents {
        if let cached = documents[baseURL] { return cached }
        var options = ServiceProviderOptions(baseURL: baseURL)
        options.filterMaxResults = maxResults
        options.bulkSupported = true
        options.sortSupported = true
        options.bulkMaxOperations = bulkMaxOperations
        options.bulkMaxPayloadSize = bulkMaxPayloadSize
        let made = Documents(
            serviceProviderConfig: Discovery.serviceProviderConfig(options: options).serialized(),
            resourceTypes: Discovery.resourceTypes(baseURL: baseURL).serialized(),
            schemas: Discovery.schemas(baseURL: baseURL).serialized())
        if documents.count > 1_000 { documents.removeAll() }
        documents[baseURL] = made
        return made
    }
}
