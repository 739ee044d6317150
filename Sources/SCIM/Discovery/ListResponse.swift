/// A page of results (RFC 7644 §3.4.2): `totalResults`, `itemsPerPage`, `startIndex` (all integers,
/// as Okta checks) and `Resources`.
public struct ListResponse: Sendable, Hashable {
    /// Matches across all pages.
    public var totalResults: Int
    /// The 1-based index of the first resource of this page.
    public var startIndex: Int
    /// The resources of this page.
    public var resources: [JSONValue]
    /// The number of resources on this page; defaults to `resources.count`.
    public var itemsPerPage: Int

    /// A page; `itemsPerPage` defaults to the number of resources.
    public init(totalResults: Int, startIndex: Int = 1, itemsPerPage: Int? = nil, resources: [JSONValue]) {
        self.totalResults = totalResults
        self.startIndex = startIndex
        self.resources = resources
        self.itemsPerPage = itemsPerPage ?? resources.count
    }

    /// A single page holding every resource.
    public init(all resources: [JSONValue]) {
        self.init(totalResults: resources.count, resources: resources)
    }

    /// The body: `schemas`, `totalResults`, `itemsPerPage`, `startIndex`, `Resources`.
    public var body: JSONValue {
        [
            "schemas": [.string(SchemaURN.listResponse)],
            "totalResults": .number(JSONNumber(totalResults)),
            "itemsPerPage": .number(JSONNumber(itemsPerPage)),
            "startIndex": .number(JSONNumber(startIndex)),
            "Resources": .array(resources),
        ]
    }
}
