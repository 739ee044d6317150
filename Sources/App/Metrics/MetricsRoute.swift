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
        guard let segments = RosterResponder.scimSubpath(path), let first = segments.first else { return .unmatched }
        let second = segments.count > 1 ? segments[1] : nil
        switch (first, segments.count) {
        case ("Users", 1): return .users
        case ("Users", 2): return second == ".search" ? .usersSearch : .user
        case ("Groups", 1): return .groups
        case ("Groups", 2): return second == ".search" ? .groupsSearch : .group
        case (".search", 1): return .rootSearch
        case ("Bulk", 1): return .bulk
        case ("ServiceProviderConfig", 1): return .serviceProviderConfig
        case ("ResourceTypes", 1): return .resourceTypes
        case ("ResourceTypes", 2): return .resourceType
        case ("Schemas", 1): return .schemas
        case ("Schemas", 2): return .schema
        case ("Me", _): return .me
        default: return .unmatched
        }
    }
}
