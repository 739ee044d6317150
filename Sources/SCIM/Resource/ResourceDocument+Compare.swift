// Comparing two versions of a resource's attributes: immutability on PUT, changed names for the log.

extension ResourceDocument {
    /// Throws 400 `mutability` when `new` changes or drops a value of an `immutable` attribute or sub-attribute
    /// that `old` has (RFC 7644 §3.5.1: "the input value(s) MUST match"); setting one for the first time is
    /// allowed. Both are attribute objects in the stored shape (``ValidatedResource/attributes``).
    ///
    /// Sub-attributes of multi-valued attributes are not compared: their elements have no identity beyond
    /// their values, so replacing the list is adding and removing elements, not changing one (Group
    /// `members.value` is immutable only within an element, and `members` are checked by the store).
    /// The built-in User and Group schemas have no other immutable attributes, so for them this passes.
    public static func checkImmutable(old: JSONObject, new: JSONObject, type: ResourceType = .user)
        throws(SCIMError)
    {
        for schema in type.schemas {
            let before = container(of: schema, in: old)
            let after = container(of: schema, in: new)
            for attribute in schema.attributes where attribute.mutability != .readOnly {
                let path = schema.attributesAtTopLevel ? attribute.name : "\(schema.id):\(attribute.name)"
                if attribute.mutability == .immutable {
                    try checkUnchanged(before[attribute.name], after[attribute.name], path: path)
                } else if attribute.isComplex && !attribute.multiValued {
                    for sub in attribute.subAttributes where sub.mutability == .immutable {
                        try checkUnchanged(
                            before[attribute.name]?[sub.name], after[attribute.name]?[sub.name],
                            path: path + "." + sub.name)
                    }
                }
            }
        }
    }

    /// The names of attributes whose values differ between `old` and `new`, for the provisioning log: top-level
    /// names (`displayName`, `emails`, `metadata`) and, inside extension objects, URN-qualified names
    /// (`urn:…:enterprise:2.0:User:department`). Canonical spelling as found in `new` (else `old`); order of
    /// `new`, then names only `old` has. Unassigned values (null, empty) count as absent; `schemas`, `id` and
    /// `meta` are bookkeeping and never listed.
    public static func changedAttributeNames(old: JSONObject, new: JSONObject) -> [String] {
        var names: [String] = []
        for key in unionOfKeys(new, old) {
            if ["schemas", "id", "meta"].contains(where: { JSONObject.keysEqual($0, key) }) { continue }
            let before = assigned(old[key])
            let after = assigned(new[key])
            let beforeObject = before?.objectValue
            let afterObject = after?.objectValue
            if isURN(key) && (before == nil || beforeObject != nil) && (after == nil || afterObject != nil) {
                let inner = (old: beforeObject ?? [:], new: afterObject ?? [:])
                for innerKey in unionOfKeys(inner.new, inner.old)
                where assigned(inner.old[innerKey]) != assigned(inner.new[innerKey]) {
                    names.append(key + ":" + innerKey)
                }
            } else if before != after {
                names.append(key)
            }
        }
        return names
    }

    private static func checkUnchanged(_ before: JSONValue?, _ after: JSONValue?, path: String) throws(SCIMError) {
        guard let before = assigned(before), assigned(after) != before else { return }
        throw .mutability("'\(path)' is immutable and cannot be changed once set")
    }

    /// The object holding `schema`'s attributes: the resource itself, or the object under the URN.
    private static func container(of schema: Schema, in attributes: JSONObject) -> JSONObject {
        schema.attributesAtTopLevel ? attributes : attributes[schema.id]?.objectValue ?? [:]
    }

    /// `value` unless it is unassigned (RFC 7643 §2.5).
    private static func assigned(_ value: JSONValue?) -> JSONValue? {
        guard let value, !DocumentValidator.isUnassigned(value) else { return nil }
        return value
    }

    /// The keys of `first`, then those of `second` that `first` lacks (ASCII case-insensitively).
    private static func unionOfKeys(_ first: JSONObject, _ second: JSONObject) -> [String] {
        first.keys + second.keys.filter { !first.contains($0) }
    }

    private static func isURN(_ key: String) -> Bool {
        key.utf8.count > 4 && key.prefix(4).lowercased() == "urn:"
    }
}
