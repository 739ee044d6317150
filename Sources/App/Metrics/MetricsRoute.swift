/// The `route` label: a fixed set of path templates, never a raw path, so the number of series stays bounded
/// whatever paths clients send. SCIM routes are written relative to `/api/scim/v2`.
enum MetricsRoute: UInt8, CaseIterable {
    case healthz, readyz, session
    case users, user, usersSearch, groups, group, groupsSearch, rootSearch, bulk
    case serviceProviderConfig, resourceTypes, resourceType, schemas, schema, me
    /// Any path no route answers (404s).
    case unmatched

    /// The label value.
    var label: String {
        switch self {
        case .healthz: return "/healthz"
        case .readyz: return "/readyz"
        case .session: return "/api/session"
        case .users: return "/Users"
        case .user: return "/Users/{id}"
        case .usersSearch: return "/Users/.search"
        case .groups: return "/Groups"
        case .group: return "/Groups/{id}"
        case .groupsSearch: return "/Groups/.search"
        case .rootSearch: return "/.search"
        case .bulk: return "/Bulk"
        case .serviceProviderConfig: return "/ServiceProviderConfig"
        case .resourceTypes: return "/ResourceTypes"
        case .resourceType: return "/ResourceTypes/{id}"
        case .schemas: return "/Schemas"
        case .schema: return "/Schemas/{id}"
        case .me: return "/Me"
        case .unmatched: return "other"
        }
    }

    /// The template of `path` (the request target without its query), following `RosterResponder`'s routing.
    static func classify(_ path: String) -> MetricsRoute {
        switch path {
        case "/healthz": return .healthz
        case "/readyz": return .readyz
        case "/api/session": return .session
        default: break
        }
        var path = path
        // On the request path: read the bytes in place, without the array of segments routing builds.
        return path.withUTF8 { bytes in classifySCIM(bytes) }
    }

    private static let base = Array(RosterResponder.basePath.utf8)

    /// The route of a path under the SCIM base path, from its first two segments and their count (empty
    /// segments are skipped, as in `RosterResponder.scimSubpath`).
    private static func classifySCIM(_ bytes: UnsafeBufferPointer<UInt8>) -> MetricsRoute {
        guard bytes.count >= base.count, bytes.prefix(base.count).elementsEqual(base) else { return .unmatched }
        let rest = bytes[base.count...]
        guard rest.first == nil || rest.first == UInt8(ascii: "/") else { return .unmatched }
        // The first two non-empty segments and how many there are (up to 3), without allocating.
        var first: Slice<UnsafeBufferPointer<UInt8>>?
        var second: Slice<UnsafeBufferPointer<UInt8>>?
        var count = 0
        var index = rest.startIndex
        while index < rest.endIndex && count < 3 {
            guard rest[index] != UInt8(ascii: "/") else {
                index += 1
                continue
            }
            let start = index
            while index < rest.endIndex && rest[index] != UInt8(ascii: "/") { index += 1 }
            count += 1
            if count == 1 { first = rest[start..<index] } else if count == 2 { second = rest[start..<index] }
        }
        guard let first else { return .unmatched }
        let isSearch = second?.elementsEqual(".search".utf8) ?? false
        switch count {
        case 1 where first.elementsEqual("Users".utf8): return .users
        case 2 where first.elementsEqual("Users".utf8): return isSearch ? .usersSearch : .user
        case 1 where first.elementsEqual("Groups".utf8): return .groups
        case 2 where first.elementsEqual("Groups".utf8): return isSearch ? .groupsSearch : .group
        case 1 where first.elementsEqual(".search".utf8): return .rootSearch
        case 1 where first.elementsEqual("Bulk".utf8): return .bulk
        case 1 where first.elementsEqual("ServiceProviderConfig".utf8): return .serviceProviderConfig
        case 1 where first.elementsEqual("ResourceTypes".utf8): return .resourceTypes
        case 2 where first.elementsEqual("ResourceTypes".utf8): return .resourceType
        case 1 where first.elementsEqual("Schemas".utf8): return .schemas
        case 2 where first.elementsEqual("Schemas".utf8): return .schema
        case _ where first.elementsEqual("Me".utf8): return .me
        default: return .unmatched
        }
    }
}
