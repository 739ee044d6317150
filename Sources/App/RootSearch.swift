import HTTP
import SCIM
import Store

/// `POST /.search` (RFC 7644 §3.4.3): one SearchRequest over Users and then Groups. The filter is resolved
/// against each resource type; a type whose schema does not have the filter's attributes contributes no
/// results (a filter that fits neither is a 400 `invalidFilter`). Paging runs over the concatenation
/// (Users first), and `sortBy` sorts within each type.
struct RootSearch {
    let users: UsersHandler
    let groups: GroupsHandler
    let maxResults: Int

    func handle(_ request: HTTPRequest) throws -> HTTPResponse {
        try RosterResponder.allow(request, [.post])
        let parameters = try SearchRequest.parameters(from: try SCIMRequest.body(request))
        let (startIndex, count) = try SCIMRequest.paging(parameters, max: maxResults)
        let userFilter = resolve(parameters["filter"], against: .user)
        let groupFilter = resolve(parameters["filter"], against: .group)
        if parameters["filter"] != nil, case .failure(let error) = userFilter, case .failure = groupFilter {
            throw error
        }
        let projection = try UsersHandler.projection(parameters)
        var resources: [JSONValue] = []

        var userTotal = 0
        if case .success(let filter) = userFilter {
            let page = try users.repository.list(filter, startIndex: startIndex, count: count)
            userTotal = page.total
            resources += page.users.map { .object(projection.apply(to: users.render($0))) }
        }
        var groupTotal = 0
        if case .success(let filter) = groupFilter {
            let remaining = count - resources.count
            let groupStart = max(1, startIndex - userTotal)
            let page = try groups.repository.list(
                filter, startIndex: groupStart, count: remaining, members: false)
            groupTotal = page.total
            resources += page.groups.map { .object(projection.apply(to: groups.render($0))) }
        }
        let list = ListResponse(
            totalResults: userTotal + groupTotal, startIndex: startIndex, itemsPerPage: resources.count,
            resources: resources)
        return SCIMResponses.json(list.body)
    }

    private func resolve(_ text: String?, against type: ResourceType) -> Result<ResolvedFilter?, SCIMError> {
        guard let text else { return .success(nil) }
        do {
            return .success(try FilterParser.parse(text).resolve(against: type))
        } catch {
            return .failure(error)
        }
    }
}
