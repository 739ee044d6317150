import Foundation
import HTTP
import Postgres
import SCIM
import Store

/// `/Users` and `/Users/{id}` (RFC 7644 §3.3-3.6) in the resolved tenant's schema.
struct UsersHandler: ResourceEndpoint {
    let request: HTTPRequest
    let context: RequestContext
    let principal: Principal
    let tenant: Tenant
    let connection: Connection
    let maxResults: Int

    var repository: UserRepository { UserRepository(connection: connection, tenant: tenant) }

    static var notFound: SCIMError { UserRepository.notFound }

    // MARK: Endpoints

    func create() throws -> HTTPResponse {
        let document = try ResourceDocument.validate(try SCIMRequest.body(request), as: .user)
        let record = try repository.create(
            UserWrite(attributes: document.attributes), context: writeContext(rewrites: document.rewrites))
        let location = "\(context.baseURL)/Users/\(record.id.lowercasedString)"
        return SCIMResponses.json(
            .object(try projected(record)), status: 201, headers: [("Location", location), ("ETag", record.etag)])
    }

    func read(_ id: UUID) throws -> HTTPResponse {
        guard let record = try repository.find(id) else { throw UserRepository.notFound }
        if let tag = request.headers.first("If-None-Match"), let version = SCIMRequest.version(inETag: tag),
            version == nil || version == record.version
        {
            var headers = HTTPHeaders()
            headers.add("ETag", record.etag)
            return HTTPResponse(status: 304, headers: headers)
        }
        return SCIMResponses.json(.object(try projected(record)), headers: [("ETag", record.etag)])
    }

    func list(parameters: [String: String]) throws -> HTTPResponse {
        let (startIndex, count) = try SCIMRequest.paging(parameters, max: maxResults)
        let filter = try parameters["filter"].map { text throws -> ResolvedFilter in
            try FilterParser.parse(text).resolve(against: .user)
        }
        let sort = try Self.sortOrder(parameters)
        let (total, users) = try repository.list(filter, sort: sort, startIndex: startIndex, count: count)
        let projection = try Self.projection(parameters)
        let page = ListResponse(
            totalResults: total, startIndex: startIndex, itemsPerPage: users.count,
            resources: users.map { .object(projection.apply(to: render($0))) })
        return SCIMResponses.json(page.body)
    }

    /// `sortBy` / `sortOrder` (RFC 7644 §3.4.2.3): any singular attribute or sub-attribute.
    static func sortOrder(_ parameters: [String: String]) throws -> UserRepository.SortOrder? {
        guard let text = parameters["sortBy"] else { return nil }
        guard let path = AttributePath(text), let attribute = ResourceType.user.resolve(path),
            !attribute.attribute.multiValued, !(attribute.leaf.type == .complex)
        else {
            throw SCIMError(
                status: 400, scimType: .invalidValue, detail: "sortBy must name a singular attribute of User")
        }
        switch parameters["sortOrder"]?.lowercased() {
        case nil, "ascending": return UserRepository.SortOrder(attribute: attribute, ascending: true)
        case "descending": return UserRepository.SortOrder(attribute: attribute, ascending: false)
        default:
            throw SCIMError(status: 400, scimType: .invalidValue, detail: "sortOrder must be ascending or descending")
        }
    }

    func replace(_ id: UUID) throws -> HTTPResponse {
        let document = try ResourceDocument.validate(try SCIMRequest.body(request), as: .user)
        let record = try repository.update(
            id, context: try writeContext(rewrites: document.rewrites), operation: "replace"
        ) {
            current in
            try ResourceDocument.checkImmutable(old: current.attributes, new: document.attributes, type: .user)
            return (document.attributes, [])
        }
        return SCIMResponses.json(.object(try projected(record)), headers: [("ETag", record.etag)])
    }

    func patch(_ id: UUID) throws -> HTTPResponse {
        let patch = try PatchRequest.parse(body: try SCIMRequest.body(request))
        let record = try repository.update(id, context: try writeContext(rewrites: []), operation: "patch") { current in
            let result = try PatchEngine.apply(patch, to: current.attributes, resourceType: .user)
            return (result.resource, result.rewrites)
        }
        return SCIMResponses.json(.object(try projected(record)), headers: [("ETag", record.etag)])
    }

    func delete(_ id: UUID) throws -> HTTPResponse {
        try repository.delete(id, context: try writeContext(rewrites: []))
        return HTTPResponse(status: 204)
    }

    // MARK: Helpers

    func writeContext(rewrites: [String]) throws -> WriteContext {
        try SCIMRequest.writeContext(
            request, principal: principal, rewrites: rewrites, observer: context.metrics?.storeObserver(for: tenant))
    }

    func render(_ record: UserRecord) -> JSONObject {
        let id = record.id.lowercasedString
        return ResourceDocument.renderUser(
            id: id, attributes: record.attributes,
            meta: ResourceMeta(
                created: record.createdAt, lastModified: record.updatedAt, location: "\(context.baseURL)/Users/\(id)",
                version: record.etag),
            groups: record.groups.map { group in
                MemberReference(value: group.id.lowercasedString, display: group.displayName, type: .group)
            })
    }
}
