import HTTP

/// The `method` label: the methods Roster answers, and `other` for any other token a client sends (HTTP
/// allows any token as a method, so the raw value would let a client create series without bound).
enum MetricsMethod: UInt8, CaseIterable {
    case get, head, post, put, patch, delete, options, other

    init(_ method: HTTPMethod) {
        switch method {
        case .get: self = .get
        case .head: self = .head
        case .post: self = .post
        case .put: self = .put
        case .patch: self = .patch
        case .delete: self = .delete
        case .options: self = .options
        default: self = .other
        }
    }

    /// The label value.
    var label: String {
        switch self {
        case .get: return "GET"
        case .head: return "HEAD"
        case .post: return "POST"
        case .put: return "PUT"
        case .patch: return "PATCH"
        case .delete: return "DELETE"
        case .options: return "OPTIONS"
        case .other: return "other"
        }
    }
}
