import Foundation
import Postgres
import SCIM

/// Turns a resolved SCIM filter (RFC 7644 §3.4.2.2) into one SQL boolean expression over a resource table
/// — values only as bind parameters — so no filter is ever evaluated by loading rows into Swift.
///
/// Where each attribute lives is described by `columns`: attributes with a column of their own (`userName`,
/// `externalId`, `id`, timestamps) use it (and its index); everything else is read from the canonical
/// `attributes` jsonb. String comparisons honour `caseExact` (`lower()` on both sides otherwise); a
/// multi-valued attribute matches when any of its values does (`EXISTS` over `jsonb_array_elements`).
struct FilterSQL {
    /// A column that holds an attribute directly.
    struct Column {
        /// SQL expression, e.g. `user_name`.
        let sql: String
        /// How to compare: text, uuid-as-text, boolean or timestamptz.
        let kind: Kind

        enum Kind { case text, uuid, boolean, timestamp }
    }

    /// Columns by canonical attribute path (`userName`, `meta.created`, …).
    let columns: [String: Column]
    /// Lower-cased text-array columns mirroring a case-insensitive multi-valued sub-attribute, for `eq`.
    var indexedArrays: [String: String] = [:]
    /// For Groups: the schema whose `group_members` table holds `members` (nil for Users).
    var memberSchema: SQLIdentifier?

    /// The columns of the `users` table.
    static let users = FilterSQL(
        columns: [
            "id": Column(sql: "id", kind: .uuid),
            "userName": Column(sql: "user_name", kind: .text),
            "externalId": Column(sql: "external_id", kind: .text),
            "active": Column(sql: "active", kind: .boolean),
            "meta.created": Column(sql: "created_at", kind: .timestamp),
            "meta.lastModified": Column(sql: "updated_at", kind: .timestamp),
        ], indexedArrays: ["emails.value": "email_values"])

    /// The SQL condition for `filter`.
    func condition(_ filter: ResolvedFilter) -> Query {
        switch filter {
        case .and(let left, let right): return "(\(condition(left)) AND \(condition(right)))"
        case .or(let left, let right): return "(\(condition(left)) OR \(condition(right)))"
        case .not(let inner): return "(NOT coalesce(\(condition(inner)), false))"
        case .present(let attribute) where isMembers(attribute):
            return memberExists("TRUE")
        case .compare(let attribute, let op, let value) where isMembers(attribute):
            return memberExists(memberCondition(attribute, op, value))
        case .valuePath(let attribute, let inner) where isMembers(attribute):
            return memberExists(memberElementCondition(inner))
        case .present(let attribute): return present(attribute)
        case .compare(let attribute, let op, let value): return compare(attribute, op, value)
        case .valuePath(let attribute, let inner):
            let array = jsonPath(container: attribute.containerKey, name: attribute.attribute.name)
            let exists: Query = """
                EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(\(array)) = 'array' \
                THEN \(array) ELSE '[]'::jsonb END) AS e(v) WHERE \(elementCondition(inner)))
                """
            // emails[type eq "work" and value eq "x"]: let the indexed column narrow the rows first.
            if let indexed = indexedArrays["\(attribute.attribute.name).value"],
                let wanted = Self.equalityOnValue(inner)
            {
                return "(\(unsafeSQL: indexed) @> ARRAY[lower(\(wanted)::text)] AND \(exists))"
            }
            return exists
        }
    }

    /// The string an `and`-chain requires `value` to equal, if it does.
    static func equalityOnValue(_ filter: ResolvedFilter) -> String? {
        switch filter {
        case .compare(let attribute, .eq, .string(let text))
        where (attribute.subAttributeName ?? attribute.attribute.name).lowercased() == "value":
            return text
        case .and(let left, let right):
            return equalityOnValue(left) ?? equalityOnValue(right)
        default:
            return nil
        }
    }

    // MARK: Comparisons

    private func compare(_ attribute: ResolvedAttribute, _ op: ComparisonOperator, _ value: FilterValue) -> Query {
        let leaf = attribute.leaf
        if let column = columns[key(attribute)] {
            return compareColumn(column, caseExact: leaf.caseExact, op, value)
        }
        if let indexed = indexedArrays[key(attribute)], op == .eq, case .string(let text) = value {
            // A lookup on an indexed array column (`email_values @> ARRAY[lower(x)]`, GIN).
            return "(\(unsafeSQL: indexed) @> ARRAY[lower(\(text)::text)])"
        }
        if attribute.attribute.multiValued {
            // Any value of a multi-valued attribute: emails.value, or a simple multi-valued attribute.
            let array = jsonPath(container: attribute.containerKey, name: attribute.attribute.name)
            let element: Query =
                attribute.subAttributeName.map { "e.v -> \($0)::text" } ?? "e.v"
            return """
                EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(\(array)) = 'array' \
                THEN \(array) ELSE '[]'::jsonb END) AS e(v) WHERE \(compareJSON(element, leaf: leaf, open: false, op, value)))
                """
        }
        let path = jsonPath(attribute)
        return compareJSON(path, leaf: leaf, open: attribute.isOpenSubAttribute, op, value)
    }

    /// Conditions inside a value path: `e.v` is one element of the complex attribute.
    private func elementCondition(_ filter: ResolvedFilter) -> Query {
        switch filter {
        case .and(let left, let right): return "(\(elementCondition(left)) AND \(elementCondition(right)))"
        case .or(let left, let right): return "(\(elementCondition(left)) OR \(elementCondition(right)))"
        case .not(let inner): return "(NOT coalesce(\(elementCondition(inner)), false))"
        case .present(let attribute):
            return presentJSON("e.v -> \(attribute.subAttributeName ?? attribute.attribute.name)::text")
        case .compare(let attribute, let op, let value):
            let element: Query = "e.v -> \(attribute.subAttributeName ?? attribute.attribute.name)::text"
            return compareJSON(element, leaf: attribute.leaf, open: false, op, value)
        case .valuePath:
            return "FALSE"  // The parser refuses nested value paths.
        }
    }

    private func compareColumn(_ column: Column, caseExact: Bool, _ op: ComparisonOperator, _ value: FilterValue)
        -> Query
    {
        let sql = Query(unsafeSQL: column.sql)
        switch (column.kind, value) {
        case (_, .null):
            return op == .ne ? "(\(sql) IS NOT NULL)" : "(\(sql) IS NULL)"
        case (.boolean, .bool(let flag)):
            return op == .ne ? "(\(sql) IS DISTINCT FROM \(flag))" : "(\(sql) = \(flag))"
        case (.timestamp, .string(let text)):
            return "(\(sql) \(unsafeSQL: Self.ordering(op)) \(text)::timestamptz)"
        case (.uuid, .string(let text)):
            if op == .eq || op == .ne {
                // An id that is not a UUID matches nothing (ne: everything); a valid one uses the primary key.
                guard let id = UUID(text: text) else { return op == .eq ? "FALSE" : "TRUE" }
                return op == .eq ? "(\(sql) = \(id))" : "(\(sql) <> \(id))"
            }
            return textComparison("\(sql)::text", caseExact: false, op, text)
        case (.text, .string(let text)):
            return textComparison(sql, caseExact: caseExact, op, text)
        default:
            return "FALSE"
        }
    }

    /// `json` is a jsonb expression; compares by the attribute's type.
    private func compareJSON(
        _ json: Query, leaf: SchemaAttribute, open: Bool, _ op: ComparisonOperator, _ value: FilterValue
    ) -> Query {
        switch value {
        case .null:
            return op == .ne ? presentJSON(json) : "(NOT \(presentJSON(json)))"
        case .bool(let flag):
            let equal: Query = "(\(json) = to_jsonb(\(flag)::boolean))"
            return op == .ne ? "(NOT coalesce(\(equal), false))" : equal
        case .number(let number):
            let numeric: Query =
                "(CASE WHEN jsonb_typeof(\(json)) = 'number' THEN (\(json))::numeric END)"
            if op == .ne { return "(\(numeric) IS DISTINCT FROM \(number.description)::numeric)" }
            return "(\(numeric) \(unsafeSQL: Self.ordering(op)) \(number.description)::numeric)"
        case .string(let text):
            let textValue: Query = "(CASE WHEN jsonb_typeof(\(json)) = 'string' THEN \(json) #>> '{}' END)"
            if leaf.type == .dateTime && !open {
                return "((\(textValue))::timestamptz \(unsafeSQL: Self.ordering(op)) \(text)::timestamptz)"
            }
            return textComparison(textValue, caseExact: leaf.caseExact && !open, op, text)
        }
    }

    private func textComparison(_ sql: Query, caseExact: Bool, _ op: ComparisonOperator, _ text: String) -> Query {
        let left: Query = caseExact ? sql : "lower(\(sql))"
        let right: Query = caseExact ? "\(text)::text" : "lower(\(text)::text)"
        switch op {
        case .eq: return "(\(left) = \(right))"
        case .ne: return "(\(left) IS DISTINCT FROM \(right))"
        case .co: return "(\(left) LIKE '%' || \(likeEscaped(right)) || '%')"
        case .sw: return "(\(left) LIKE \(likeEscaped(right)) || '%')"
        case .ew: return "(\(left) LIKE '%' || \(likeEscaped(right)))"
        case .gt, .ge, .lt, .le:
            return "(\(left) COLLATE \"C\" \(unsafeSQL: Self.ordering(op)) \(right) COLLATE \"C\")"
        }
    }

    /// The LIKE pattern of a bound value: `\`, `%` and `_` escaped (the default escape is `\`).
    private func likeEscaped(_ value: Query) -> Query {
        "replace(replace(replace(\(value), '\\', '\\\\'), '%', '\\%'), '_', '\\_')"
    }

    static func ordering(_ op: ComparisonOperator) -> String {
        switch op {
        case .gt: return ">"
        case .ge: return ">="
        case .lt: return "<"
        case .le: return "<="
        default: return "="
        }
    }

    // MARK: Presence and paths

    private func present(_ attribute: ResolvedAttribute) -> Query {
        if let column = columns[key(attribute)] { return "(\(unsafeSQL: column.sql) IS NOT NULL)" }
        if attribute.attribute.multiValued, let sub = attribute.subAttributeName {
            let array = jsonPath(container: attribute.containerKey, name: attribute.attribute.name)
            return """
                EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(\(array)) = 'array' \
                THEN \(array) ELSE '[]'::jsonb END) AS e(v) WHERE \(presentJSON("e.v -> \(sub)::text")))
                """
        }
        return presentJSON(jsonPath(attribute))
    }

    /// RFC 7644: `pr` is true when the attribute has a non-empty value.
    private func presentJSON(_ json: Query) -> Query {
        "(coalesce(\(json) NOT IN ('null'::jsonb, '\"\"'::jsonb, '[]'::jsonb, '{}'::jsonb), false))"
    }

    private func key(_ attribute: ResolvedAttribute) -> String {
        attribute.subAttributeName.map { "\(attribute.attribute.name).\($0)" } ?? attribute.attribute.name
    }

    private func jsonPath(container: String?, name: String) -> Query {
        if let container { return "(attributes -> \(container)::text -> \(name)::text)" }
        return "(attributes -> \(name)::text)"
    }

    private func jsonPath(_ attribute: ResolvedAttribute) -> Query {
        let base = jsonPath(container: attribute.containerKey, name: attribute.attribute.name)
        guard let sub = attribute.subAttributeName else { return base }
        return "(\(base) -> \(sub)::text)"
    }
}

extension FilterSQL {
    /// The SQL expression to sort by a singular attribute (RFC 7644 §3.4.2.3), as text or a typed column.
    func sortExpression(_ attribute: ResolvedAttribute) -> Query {
        if let column = columns[key(attribute)] {
            return column.kind == .text && !attribute.leaf.caseExact
                ? "lower(\(unsafeSQL: column.sql))" : Query(unsafeSQL: column.sql)
        }
        let text: Query = "(\(jsonPath(attribute)) #>> '{}')"
        return attribute.leaf.caseExact ? text : "lower(\(text))"
    }
}
