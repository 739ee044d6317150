import Foundation
import SCIM
import Store

/// A Group PATCH split in two: membership changes (applied by the store in set-based SQL) and operations on
/// the other attributes (applied by the PATCH engine). Each operation touches one side only, so the split keeps
/// the request's meaning.
///
/// Forms read (RFC 7644 §3.5.2 and the IdP dialects):
/// - `add`/`replace` path `members` with a list (or one object); `replace` with `[]` or null empties the group;
/// - `remove` path `members[value eq "…"]`, also `or`-combined: only those members (§3.5.2.2);
/// - `remove` path `members` with a value list (Entra without `aadOptscim062020`): only the listed members;
/// - `remove` path `members` with no value: every member (§3.5.2.2);
/// - path-less `add`/`replace` whose value holds `members`, and Okta's `{"id": "<this group>", "displayName": …}`.
struct GroupPatchPlan {
    /// Operations on attributes other than `members`, in order.
    var attributeOperations: [PatchOperation] = []
    /// Membership changes, in order.
    var members: [MembershipChange] = []
    /// Dialect readings, for the provisioning log.
    var rewrites: [String]

    static let nestedGroups = SCIMError(
        status: 400, scimType: .invalidValue, detail: "groups cannot be members of groups; members must be users")

    init(_ request: PatchRequest, groupID: UUID) throws(SCIMError) {
        rewrites = request.rewrites
        for (index, operation) in request.operations.enumerated() {
            let number = index + 1
            if let path = operation.path {
                if Self.isMembers(path.attribute) {
                    try planMembers(operation, path: path, number: number)
                } else {
                    attributeOperations.append(operation)
                }
                continue
            }
            guard operation.op != .remove, case .object(let object)? = operation.value else {
                attributeOperations.append(operation)
                continue
            }
            var rest = JSONObject()
            for (key, value) in object {
                if JSONObject.keysEqual(key, "members") {
                    let ids = try Self.memberIDs(value, number: number)
                    members.append(operation.op == .add ? .add(ids) : .replace(ids))
                } else if JSONObject.keysEqual(key, "id") {
                    // Okta re-sends the group's own id in a path-less replace; any other id is a change of id.
                    guard value.stringValue.flatMap(UUID.init(text:)) == groupID else {
                        throw .mutability("operation \(number): 'id' is read-only and cannot be changed")
                    }
                } else {
                    rest[key] = value
                }
            }
            if !rest.isEmpty {
                attributeOperations.append(PatchOperation(op: operation.op, path: nil, value: .object(rest)))
            }
        }
    }

    private mutating func planMembers(_ operation: PatchOperation, path: PatchPath, number: Int) throws(SCIMError) {
        guard path.attribute.subAttribute == nil else {
            throw .invalidPath("operation \(number): add, remove or replace whole members, not '\(path)'")
        }
        if let filter = path.filter {
            guard operation.op == .remove else {
                throw .invalidPath("operation \(number): a members value filter is supported with remove only")
            }
            // RFC 7644 §3.5.2.2: remove with a value filter removes only the matching members.
            members.append(.remove(try Self.values(in: filter, number: number)))
            return
        }
        switch operation.op {
        case .add:
            members.append(.add(try Self.memberIDs(operation.value ?? .null, number: number)))
        case .replace:
            members.append(.replace(try Self.memberIDs(operation.value ?? .null, number: number)))
        case .remove:
            switch operation.value {
            case nil, .null?:
                // RFC 7644 §3.5.2.2: remove on `members` without a filter or value removes all members.
                members.append(.removeAll)
            case .some(let value):
                // Entra ID (without aadOptscim062020) lists the members to remove in the value: only those go.
                members.append(.remove(try Self.memberIDs(value, number: number)))
                rewrites.append(
                    "operation \(number): remove members with a value list read as removal of the listed members")
            }
        }
    }

    /// Whether `path` names the Group's `members`.
    static func isMembers(_ path: AttributePath) -> Bool {
        JSONObject.keysEqual(path.name, "members")
            && (path.schema == nil || JSONObject.keysEqual(path.schema ?? "", SchemaURN.group))
    }

    /// The user ids of a `members` value: an array of `{"value": …}` objects, or one such object.
    static func memberIDs(_ value: JSONValue, number: Int) throws(SCIMError) -> [String] {
        let items: [JSONValue]
        switch value {
        case .null: return []
        case .array(let array): items = array
        case .object: items = [value]
        default: throw .invalidValue("operation \(number): members needs an array of objects, not \(value.typeName)")
        }
        var ids: [String] = []
        for item in items {
            guard case .object(let object) = item, case .string(let id)? = object["value"], !id.isEmpty else {
                throw .invalidValue("operation \(number): each member needs a 'value', the user's id")
            }
            if let type = object["type"]?.stringValue, MemberReference.Kind(named: type) == .group {
                throw nestedGroups
            }
            ids.append(id)
        }
        return ids
    }

    /// The ids a `value eq "…"` filter (or an `or` of them) selects.
    static func values(in filter: Filter, number: Int) throws(SCIMError) -> [String] {
        switch filter {
        case .compare(let path, .eq, .string(let value))
        where JSONObject.keysEqual(path.name, "value") && path.subAttribute == nil:
            return [value]
        case .or(let left, let right):
            return try values(in: left, number: number) + values(in: right, number: number)
        default:
            throw .invalidFilter(
                "operation \(number): members can be selected by value eq \"…\" (optionally joined with or) only")
        }
    }
}
