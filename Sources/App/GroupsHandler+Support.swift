import Foundation
import HTTP
import Postgres
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
    func wantsMembers(inList: Bool, parameters: [String: String]? = nil) -> Bool {
        let parameters = parameters ?? SCIMRequest.query(request)
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
        let id = record.id.lowercasedString
        return ResourceDocument.renderGroup(
            id: id, attributes: record.attributes,
            meta: ResourceMeta(
                created: record.createdAt, lastModified: record.updatedAt, location: "\(context.baseURL)/Groups/\(id)",
                version: record.etag),
            members: (record.members ?? []).map { member in
                MemberReference(value: member.id.lowercasedString, display: member.display, type: .user)
            })
    }

    func writeContext(rewrites: [String]) throws -> WriteContext {
        try SCIMRequest.writeContext(
            request, principal: principal, rewrites: rewrites, observer: context.metrics?.storeObserver(for: tenant))
    }

    /// The member ids of a validated body; nested groups are refused.
    static func userIDs(_ members: [MemberReference]) throws -> [String] {
        try members.map { member in
            guard member.type != .group else { throw GroupPatchPlan.nestedGroups }
            return member.value
        }
    }

    /// `sortBy` / `sortOrder` on a singular Group attribute.
    static func sortOrder(_ parameters: [String: String]) throws -> SortKey? {
        guard let text = parameters["sortBy"] else { return nil }
        guard let path = AttributePath(text), let attribute = ResourceType.group.resolve(path),
            !attribute.attribute.multiValued, attribute.leaf.type != .complex
        else {
            throw SCIMError(
                status: 400, scimType: .invalidValue, detail: "sortBy must name a singular attribute of Group")
        }
        switch parameters["sortOrder"]?.lowercased() {
        case nil, "ascending": return SortKey(attribute: attribute, ascending: true)
        case "descending": return SortKey(attribute: attribute, ascending: false)
        default:
            throw SCIMError(status: 400, scimType: .invalidValue, detail: "sortOrder must be ascending or descending")
        }
    }
}
