// Group `members` in a resource body, returned apart from the attributes.

extension DocumentValidator {
    /// RFC 7643 §4.2: `members` is an array of `{value, $ref, type, display}`. `value` (the member's id) is
    /// required; `type` is "User" or "Group"; `$ref` is ignored, since the server derives it. A value listed
    /// twice is kept once.
    func parseMembers(_ value: JSONValue) throws(SCIMError) -> [MemberReference] {
        let items: [JSONValue]
        switch value {
        case .null: return []
        case .array(let array): items = array
        default: throw .invalidValue("'members' needs an array of objects, not \(value.typeName)")
        }
        var seen = Set<String>()
        var result: [MemberReference] = []
        for item in items {
            guard case .object(let object) = item else {
                throw .invalidValue("'members' needs objects, not \(item.typeName)")
            }
            let member = try parseMember(object)
            if seen.insert(member.value).inserted { result.append(member) }
        }
        return result
    }

    private func parseMember(_ object: JSONObject) throws(SCIMError) -> MemberReference {
        var member = MemberReference(value: "")
        for (key, field) in object {
            let name = ["value", "display", "type", "$ref"].first { JSONObject.keysEqual($0, key) }
            guard let name else {
                throw .invalidSyntax("unknown sub-attribute '\(DocumentValidator.clipped(key))' of 'members'")
            }
            if field.isNull { continue }
            guard case .string(let text) = field else {
                throw .invalidValue("'members.\(name)' needs a string, not \(field.typeName)")
            }
            if text.utf8.count > limits.maxStringBytes {
                throw .invalidValue("'members.\(name)' is longer than \(limits.maxStringBytes) bytes")
            }
            switch name {
            case "value":
                member.value = text
            case "display":
                member.display = text
            case "type":
                guard let kind = MemberReference.Kind(named: text) else {
                    throw .invalidValue(
                        "'members.type' must be \"User\" or \"Group\", not \"\(DocumentValidator.clipped(text))\"")
                }
                member.type = kind
            default:
                // `$ref` is derived from `value` and `type` when rendering.
                break
            }
        }
        guard !member.value.isEmpty else {
            throw .invalidValue("each of 'members' needs a 'value', the member's id")
        }
        return member
    }
}
