import HTTP
import SCIM

/// The ids created so far in one `/Bulk` request, by `bulkId`, and the substitution of `bulkId:<id>`
/// references (RFC 7644 §3.7.2) in later operations' paths and data.
///
/// Operations run in the order sent and are not reordered: a reference to a `bulkId` whose POST has not
/// run yet, failed, or does not exist fails the referring operation with 409 `invalidValue`, which
/// RFC 7644 §3.7.2 allows for references that cannot be resolved.
struct BulkReferences {
    /// The prefix that marks a reference.
    static let prefix = "bulkId:"

    private var ids: [String: String] = [:]

    /// Remembers that the POST with `bulkId` created the resource `id`.
    mutating func record(bulkId: String, id: String) {
        ids[bulkId] = id
    }

    /// The id a reference string (`bulkId:<id>`) stands for; `nil` when `text` is not a reference.
    func id(for text: String) throws -> String? {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let bulkId = String(text.dropFirst(Self.prefix.count))
        guard let id = ids[bulkId] else {
            throw SCIMError(
                status: 409, scimType: .invalidValue,
                detail: "bulkId '\(bulkId.prefix(60))' does not name a resource created earlier in this request")
        }
        return id
    }

    /// `value` with every string that is a reference replaced by the id it stands for, at any depth.
    func resolve(_ value: JSONValue) throws -> JSONValue {
        switch value {
        case .string(let text):
            return try id(for: text).map(JSONValue.string) ?? value
        case .array(let items):
            return .array(try items.map(resolve))
        case .object(let object):
            return .object(JSONObject(try object.members.map { member in (member.key, try resolve(member.value)) }))
        case .null, .bool, .number:
            return value
        }
    }
}

/// Where one bulk operation goes: `/Users`, `/Users/{id}`, `/Groups` or `/Groups/{id}`, references resolved.
struct BulkTarget {
    /// The resource endpoints a bulk operation may address.
    enum Resource: String {
        case users = "Users"
        case groups = "Groups"
    }

    /// The resource endpoint.
    let resource: Resource
    /// The resource id, for PUT, PATCH and DELETE.
    let id: String?

    /// The path after the SCIM base, e.g. `/Users/2819c223-…`.
    var path: String { "/\(resource.rawValue)" + (id.map { "/\($0)" } ?? "") }

    /// The path segments after the resource name, as the resource handlers take them.
    var idSegments: ArraySlice<Substring> { ArraySlice(id.map { [Substring($0)] } ?? []) }

    /// Resolves `path` for `method`; 400 `invalidValue` for a path no bulk operation may use (a nested
    /// `/Bulk` among them), 409 for an unresolvable reference.
    init(path: String, method: HTTPMethod, references: BulkReferences) throws {
        let shape = "path must be /Users or /Groups for POST, and /Users/{id} or /Groups/{id} otherwise"
        guard path.hasPrefix("/"), !path.contains("?"), !path.contains("#") else {
            throw SCIMError(status: 400, scimType: .invalidValue, detail: shape)
        }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        if segments.first == "Bulk" {
            throw SCIMError(status: 400, scimType: .invalidValue, detail: "a bulk operation cannot call /Bulk")
        }
        guard let name = segments.first, let resource = Resource(rawValue: String(name)), segments.count <= 2 else {
            throw SCIMError(status: 400, scimType: .invalidValue, detail: shape)
        }
        var id: String?
        if segments.count == 2 {
            let text = String(segments[1])
            id = try references.id(for: text) ?? text
        }
        let isCollection = method == .post
        guard isCollection == (id == nil), id?.isEmpty != true, id?.hasPrefix(".") != true else {
            throw SCIMError(status: 400, scimType: .invalidValue, detail: shape)
        }
        self.resource = resource
        self.id = id
    }
}
