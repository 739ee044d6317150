import SCIM
import Synchronization

/// The discovery documents, generated from the schema definitions once per base URL and then reused.
final class DiscoveryCache: Sendable {
    private struct Documents: Sendable {
        let serviceProviderConfig: JSONValue
        let resourceTypes: JSONValue
        let schemas: JSONValue
    }

    private let maxResults: Int
    private let cache = Mutex<[String: Documents]>([:])

    init(maxResults: Int) {
        self.maxResults = maxResults
    }

    private func documents(_ baseURL: String) -> Documents {
        if let cached = cache.withLock({ $0[baseURL] }) { return cached }
        var options = ServiceProviderOptions(baseURL: baseURL)
        options.filterMaxResults = maxResults
        let made = Documents(
            serviceProviderConfig: Discovery.serviceProviderConfig(options: options),
            resourceTypes: Discovery.resourceTypes(baseURL: baseURL), schemas: Discovery.schemas(baseURL: baseURL))
        cache.withLock { cache in
            // Bounded: one entry per host name the server answers for.
            if cache.count > 10_000 { cache.removeAll() }
            cache[baseURL] = made
        }
        return made
    }

    func serviceProviderConfig(baseURL: String) -> JSONValue { documents(baseURL).serviceProviderConfig }
    func resourceTypes(baseURL: String) -> JSONValue { documents(baseURL).resourceTypes }
    func schemas(baseURL: String) -> JSONValue { documents(baseURL).schemas }
}
