import Foundation
import HTTP
import Postgres
import SCIM

/// What `/Users` and `/Groups` share: the routing of RFC 7644 §3.3-3.6 (collection, `.search`, one
/// resource by id) and the projection of responses. Each handler supplies the endpoints and rendering.
protocol ResourceEndpoint {
    associatedtype Record

    /// The request being answered.
    var request: HTTPRequest { get }
    /// 404 for an id that names no resource of this type.
    static var notFound: SCIMError { get }

    func create() throws -> HTTPResponse
    func list(parameters: [String: String]) throws -> HTTPResponse
    func read(_ id: UUID) throws -> HTTPResponse
    func replace(_ id: UUID) throws -> HTTPResponse
    func patch(_ id: UUID) throws -> HTTPResponse
    func delete(_ id: UUID) throws -> HTTPResponse
    func render(_ record: Record) -> JSONObject
}

extension ResourceEndpoint {
    /// Routes the path segments after the endpoint name.
    func handle(_ rest: ArraySlice<Substring>) throws -> HTTPResponse {
        switch rest.count {
        case 0:
            try RosterResponder.allow(request, [.get, .head, .post])
            return request.method == .post ? try create() : try list(parameters: SCIMRequest.query(request))
        case 1 where rest[rest.startIndex] == ".search":
            try RosterResponder.allow(request, [.post])
            return try list(parameters: try SearchRequest.parameters(from: try SCIMRequest.body(request)))
        case 1:
            try RosterResponder.allow(request, [.get, .head, .put, .patch, .delete])
            guard let id = UUID(text: String(rest[rest.startIndex])) else { throw Self.notFound }
            switch request.method {
            case .put: return try replace(id)
            case .patch: return try patch(id)
            case .delete: return try delete(id)
            default: return try read(id)
            }
        default:
            throw SCIMError(status: 404, scimType: nil, detail: "no resource at this path")
        }
    }

    /// `attributes` / `excludedAttributes` (RFC 7644 §3.9) from query or SearchRequest parameters.
    static func projection(_ parameters: [String: String]) throws -> Projection {
        try Projection(attributes: parameters["attributes"], excludedAttributes: parameters["excludedAttributes"])
    }

    /// The resource as the request's `attributes` / `excludedAttributes` want it.
    func projected(_ record: Record) throws -> JSONObject {
        try Self.projection(SCIMRequest.query(request)).apply(to: render(record))
    }
}
