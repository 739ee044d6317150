import Foundation
import HTTP
import Postgres
import SCIM
import Store

/// `/Groups` and `/Groups/{id}` (RFC 7644 §3.3-3.6) in the resolved tenant's schema.
///
/// Members are returned on a single group unless `excludedAttributes` names `members` (or `attributes` leaves it
/// out); a group with more than ``GroupRepository/maxRenderedMembers`` members is then refused with 400
/// `tooMany`. Lists return members only when `attributes` names them. Write responses carry the members when
/// the group has at most that many, and never otherwise.
struct GroupsHandler: ResourceEndpoint {
    let request: HTTPRequest
    let context: RequestContext
    let principal: Principal
    let tenant: Tenant
    let connection: Connection
    let maxResults: Int

    var repository: GroupRepository { GroupRepository(connection: connection, tenant: tenant) }

    static var notFound: SCIMError { GroupRepository.notFound }

    // MARK: Endpoints

    func create() throws -> HTTPResponse {
        let document = try ResourceDocument.validate(try SCIMRequest.body(request), as: .group)
        let created = try repository.create(
            attributes: document.attributes, members: try Self.userIDs(document.members ?? []),
            context: writeContext(rewrites: document.rewrites))
        let record = try reread(created.id)
        let location = "\(context.baseURL)/Groups/\(record.id.lowercasedString)"
        return SCIMResponses.json(
            .object(try projected(record)), status: 201, headers: [("Location", location), ("ETag", record.etag)])
    }

    func read(_ id: UUID) throws -> HTTPResponse {
        let loading: MemberLoading = wantsMembers(inList: false) ? .all : .none
        guard let record = try repository.find(id, members: loading) else { throw GroupRepository.notFound }
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
            try FilterParser.parse(text).resolve(against: .group)
        }
        let (total, groups) = try repository.list(
            filter, sort: try Self.sortOrder(parameters), startIndex: startIndex, count: count,
            members: wantsMembers(inList: true, parameters: parameters))
        let projection = try Self.projection(parameters)
        let page = ListResponse(
            totalResults: total, startIndex: startIndex, itemsPerPage: groups.count,
            resources: groups.map { .object(projection.apply(to: render($0))) })
        return SCIMResponses.json(page.body)
    }

    func replace(_ id: UUID) throws -> HTTPResponse {
        let document = try ResourceDocument.validate(try SCIMRequest.body(request), as: .group)
        // RFC 7644 §3.5.1: a PUT without `members` leaves the memberships alone (validate gives nil then).
        let changes: [MembershipChange] = try document.members.map { [.replace(try Self.userIDs($0))] } ?? []
        let updated = try repository.update(
            id, context: try writeContext(rewrites: document.rewrites), operation: "replace", members: changes
        ) { current in
            try ResourceDocument.checkImmutable(old: current.attributes, new: document.attributes, type: .group)
            return (document.attributes, [])
        }
        let record = try reread(updated.id)
        return SCIMResponses.json(.object(try projected(record)), headers: [("ETag", record.etag)])
    }

    func patch(_ id: UUID) throws -> HTTPResponse {
        let request = try PatchRequest.parse(body: try SCIMRequest.body(self.request))
        let plan = try GroupPatchPlan(request, groupID: id)
        let updated = try repository.update(
            id, context: try writeContext(rewrites: plan.rewrites), operation: "patch", members: plan.members
        ) { current in
            guard !plan.attributeOperations.isEmpty else { return (current.attributes, []) }
            let result = try PatchEngine.apply(
                PatchRequest(operations: plan.attributeOperations), to: current.attributes, resourceType: .group)
            return (result.resource, result.rewrites)
        }
        let record = try reread(updated.id)
        return SCIMResponses.json(.object(try projected(record)), headers: [("ETag", record.etag)])
    }

    func delete(_ id: UUID) throws -> HTTPResponse {
        try repository.delete(id, context: try writeContext(rewrites: []))
        return HTTPResponse(status: 204)
    }
}
