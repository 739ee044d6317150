import Foundation
import HTTP
import SCIM
import Store

// Attribute selection, rendering, filters and write contexts for `/Groups`.

extension GroupsHandler {
    /// Re-reads a written group for the response: members when asked for and within the cap.
    func reread(_ id: UUID) throws -> GroupRecord {
        let loading: MemberLoading = wantsMembers(inList: false) ? .withinCap : .none
        guard let record = try repository.find(id, members: loading) else { throw GroupRepository.notFound }
        return record
    }

    /// Whether the response should carry `members` (RFC 7644 §3.4.2.5 `attributes` / `excludedAttributes`).
    /// Lists carry them only when `attributes` names them, so a list never reads the member table by default.
    func wantsMembers(inList: Bool) -> Bool {
        let parameters = SCIMRequest.query(request)
        if let excluded = parameters["excludedAttributes"], Self.names(excluded).contains("members") { return false }
        if let attributes = parameters["attributes"] { return Self.names(attributes).contains("members") }
        return !inList
    }

    /// The lower-cased attribute names in a comma-separated list, with any Group schema URN prefix dropped.
    static func names(_ list: String) -> Set<String> {
        let prefix = SchemaURN.group.lowercased() + ":"
        return Set(
            list.split(separator: ",").map { item in
                var name = item.trimmingCharacters(in: .whitespaces).lowercased()
                if name.hasPrefix(prefix) { name = String(name.dropFirst(prefix.count)) }
                return name.split(separator: ".").first.map(String.init) ?? name
            })
    }

    func render(_ record: GroupRecord) -> JSONObject {
        let id = record.id.uuidString.lowercased()
        return ResourceDocument.renderGroup(
            id: id, attributes: record.attributes,
            meta: ResourceMeta(
                created: record.createdAt, lastModified: record.updatedAt, location: "\(context.baseURL)/Groups/\(id)",
                version: record.etag),
            members: (record.members ?? []).map { member in
                MemberReference(value: member.id.uuidString.lowercased(), display: member.display, type: .user)
            })
    }

    func writeContext(rewrites: [String]) throws -> WriteContext {
        var ifMatch: Int64?
        if let tag = request.headers.first("If-Match") {
            guard let version = SCIMRequest.version(inETag: tag) else { throw GroupRepository.preconditionFailed }
            ifMatch = version
        }
        return WriteContext(
            tokenID: principal.tokenID, userAgent: request.headers.first("User-Agent"), rewrites: rewrites,
            ifMatch: ifMatch)
    }

    /// The member ids of a validated body; nested groups are refused.
    static func userIDs(_ members: [MemberReference]) throws -> [String] {
        try members.map { member in
            guard member.type != .group else { throw GroupPatchPlan.nestedGroups }
            return member.value
        }
    }

    /// The lookups identity providers make (`displayName eq`, `externalId eq`, `id eq`).
    static func lookup(forFilter text: String) throws -> GroupLookup {
        let filter = try FilterParser.parse(text)
        let unsupported = SCIMError(
            status: 400, scimType: .invalidFilter,
            detail: "supported filters are displayName eq, externalId eq and id eq with a string value")
        guard case .compare(let path, .eq, .string(let value)) = filter, path.subAttribute == nil,
            path.schema == nil || path.schema?.lowercased() == SchemaURN.group.lowercased()
        else { throw unsupported }
        switch path.name.lowercased() {
        case "displayname": return .displayName(value)
        case "externalid": return .externalId(value)
        case "id": return UUID(uuidString: value).map(GroupLookup.id) ?? .nothing
        default: throw unsupported
        }
    }
}
