import Foundation
import Postgres
import SCIM

extension FilterSQL {
    /// The columns of a tenant's `groups` table; `members` are rows of its `group_members`, and `All Users`
    /// has every user of the organization as a member.
    static func groups(schema: SQLIdentifier) -> FilterSQL {
        var sql = FilterSQL(columns: [
            "id": Column(sql: "id", kind: .uuid),
            "displayName": Column(sql: "display_name", kind: .text),
            "externalId": Column(sql: "external_id", kind: .text),
            "meta.created": Column(sql: "created_at", kind: .timestamp),
            "meta.lastModified": Column(sql: "updated_at", kind: .timestamp),
        ])
        sql.memberSchema = schema
        return sql
    }

    func isMembers(_ attribute: ResolvedAttribute) -> Bool {
        memberSchema != nil && attribute.attribute.name == "members"
    }

    /// A member (alias `m`, with `m.user_id`) satisfying `condition` exists: a membership row, or any user of
    /// the organization for `All Users`.
    func memberExists(_ condition: Query) -> Query {
        // Safe: only called when memberSchema is set.
        let schema = memberSchema!
        return """
            (EXISTS (SELECT 1 FROM \(ident: schema).group_members m WHERE m.group_id = groups.id AND \(condition))
             OR (groups.system_role = 'all-users'
                 AND EXISTS (SELECT 1 FROM \(ident: schema).users mu, LATERAL (SELECT mu.id AS user_id) m
                             WHERE \(condition))))
            """
    }

    /// A condition on one member: `value` is the user id; `type` is always "User".
    func memberCondition(_ attribute: ResolvedAttribute, _ op: ComparisonOperator, _ value: FilterValue) -> Query {
        let name = (attribute.subAttributeName ?? "value").lowercased()
        switch (name, value) {
        case ("value", .string(let text)):
            if op == .eq || op == .ne {
                guard let id = UUID(text: text) else { return op == .eq ? "FALSE" : "TRUE" }
                return op == .eq ? "(m.user_id = \(id))" : "(m.user_id <> \(id))"
            }
            let left: Query = "m.user_id::text"
            let lowered = text.lowercased()
            switch op {
            case .co: return "(\(left) LIKE '%' || \(Self.escapedLike(lowered)) || '%')"
            case .sw: return "(\(left) LIKE \(Self.escapedLike(lowered)) || '%')"
            case .ew: return "(\(left) LIKE '%' || \(Self.escapedLike(lowered)))"
            default: return "(\(left) \(unsafeSQL: Self.ordering(op)) \(lowered)::text)"
            }
        case ("type", .string(let text)):
            let isUser = text.lowercased() == "user"
            return op == .ne ? (isUser ? "FALSE" : "TRUE") : (isUser ? "TRUE" : "FALSE")
        default:
            return "FALSE"
        }
    }

    /// The conditions inside `members[...]`.
    func memberElementCondition(_ filter: ResolvedFilter) -> Query {
        switch filter {
        case .and(let left, let right): return "(\(memberElementCondition(left)) AND \(memberElementCondition(right)))"
        case .or(let left, let right): return "(\(memberElementCondition(left)) OR \(memberElementCondition(right)))"
        case .not(let inner): return "(NOT \(memberElementCondition(inner)))"
        case .present(let attribute):
            let name = (attribute.subAttributeName ?? attribute.attribute.name).lowercased()
            return name == "value" || name == "type" ? "TRUE" : "FALSE"
        case .compare(let attribute, let op, let value): return memberCondition(attribute, op, value)
        case .valuePath: return "FALSE"
        }
    }

    static func escapedLike(_ text: String) -> Query {
        "replace(replace(replace(\(text)::text, '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
    }
}
