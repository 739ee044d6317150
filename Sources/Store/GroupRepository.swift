import Foundation
import Postgres
import SCIM

/// Groups of one tenant: every method is one transaction in the tenant's schema, with its provisioning-log
/// row. Every write locks the group row first (`SELECT … FOR UPDATE`), so concurrent writers to one group
/// run one after another and never lose a member; deadlocks and serialization failures are retried here.
///
/// Membership changes are set-based SQL (`unnest($1::uuid[])`, `= ANY($1)`), never a round trip per member,
/// and never load the member list. `All Users` is virtual: its members are every user of the organization.
public struct GroupRepository {
    let connection: Connection
    let tenant: Tenant

    /// A repository for `tenant` working through `connection`.
    public init(connection: Connection, tenant: Tenant) {
        self.connection = connection
        self.tenant = tenant
    }

    var schema: SQLIdentifier { tenant.schema }

    /// `system_role` of `All Users`.
    public static let allUsersRole = "all-users"
    /// `system_role` of `admin`.
    public static let adminRole = "admin"
    /// Most members a response renders; a `GET` of a larger group without `excludedAttributes=members`
    /// is refused with 400 `tooMany` (RFC 7644 §3.12). Default 10,000.
    public static let maxRenderedMembers = 10_000
    /// The mass-change guard applies to groups with at least this many members. Default 100.
    public static let massRemovalMinimumMembers = 100
    /// The mass-change guard refuses one write that removes more than this share of the members. Default 0.5.
    public static let massRemovalMaximumShare = 0.5
    /// Most member ids listed in a provisioning-log row; beyond it only the counts are logged. Default 100.
    static let maxLoggedMemberIDs = 100

    static let columns = "id, display_name, system_role, attributes::text, version, created_at, updated_at"

    // MARK: Reads

    /// The group with `id`, with its members as `loading` asks, or nil.
    public func find(_ id: UUID, members loading: MemberLoading) throws(StoreError) -> GroupRecord? {
        try run { conn in
            guard var record = try fetch(id, on: conn, lock: false) else { return nil }
            switch loading {
            case .none:
                break
            case .all, .withinCap:
                // A bounded count (an index scan of at most cap + 1 entries) decides before any member is read.
                let count = try countMembers(of: record, on: conn, upTo: Self.maxRenderedMembers + 1)
                if count <= Self.maxRenderedMembers {
                    record.members = try loadMembers(of: record, on: conn)
                } else if loading == .all {
                    throw Self.tooManyMembers
                }
            }
            return record
        }
    }

    /// One page of groups matching `filter` (all when nil), sorted by `sort` then creation time and id (a
    /// stable order). Members are loaded only when `members` is true (one query per group; 400 `tooMany`
    /// beyond the cap). The filter runs in SQL (`members.value` through `group_members`).
    public func list(
        _ filter: ResolvedFilter?, sort: SortKey? = nil, startIndex: Int, count: Int, members: Bool
    ) throws(StoreError) -> (total: Int, groups: [GroupRecord]) {
        let sql = FilterSQL.groups(schema: schema)
        let condition = filter.map(sql.condition) ?? "TRUE"
        var order: Query = ""
        if let sort {
            order =
                "\(sql.sortExpression(sort.attribute)) \(unsafeSQL: sort.ascending ? "ASC" : "DESC") NULLS LAST, "
        }
        do {
            return try run { conn in
                let total: Int = try conn.query("SELECT count(*) FROM \(ident: schema).groups WHERE \(condition)")[0]
                    .decode(at: 0)
                guard count > 0, total >= startIndex else { return (total, []) }
                let rows = try conn.query(
                    """
                    SELECT \(unsafeSQL: Self.columns) FROM \(ident: schema).groups WHERE \(condition)
                    ORDER BY \(order)created_at, id OFFSET \(startIndex - 1) LIMIT \(count)
                    """)
                let groups = try rows.rows.map(record)
                return (total, members ? try loadMembers(ofPage: groups, on: conn) : groups)
            }
        } catch .database(let error) where error.sqlState?.hasPrefix("22") == true {
            throw .scim(
                SCIMError(
                    status: 400, scimType: .invalidFilter, detail: "a filter value is out of range for its attribute"))
        }
    }

    // MARK: Create and delete

    /// Creates a group with `members`: 409 `uniqueness` when the displayName is taken (in any letter case),
    /// 400 `mutability` for a default group's name, 400 `invalidValue` naming unknown member ids.
    public func create(attributes: JSONObject, members: [String], context: WriteContext) throws(StoreError)
        -> GroupRecord
    {
        let displayName = attributes["displayName"]?.stringValue ?? ""
        return try run(observer: context.observer) { conn in
            let defaults = try conn.query(
                """
                SELECT display_name FROM \(ident: schema).groups
                WHERE system_role IS NOT NULL AND lower(display_name) = lower(\(displayName))
                """)
            if let name: String = try defaults.first?.decode(at: 0) {
                throw SCIMError(
                    status: 400, scimType: .mutability,
                    detail: "'\(name)' is a default group: it exists in every organization and cannot be created "
                        + "again; link to the existing group instead")
            }
            let rows: PostgresResult
            do {
                rows = try conn.query(
                    """
                    INSERT INTO \(ident: schema).groups (display_name, external_id, attributes)
                    VALUES (\(displayName), \(attributes["externalId"]?.stringValue), \(Self.json(attributes))::jsonb)
                    RETURNING \(unsafeSQL: Self.columns)
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw Self.duplicateName
            }
            let created = try record(rows[0])
            let outcome = try applyMembership([.add(members)], to: created, context: context, on: conn)
            try ProvisioningLog.append(
                conn, schema: schema, context: context, resourceType: "Group", resourceID: created.id,
                operation: "create", changed: attributes.keys, details: Self.details(outcome))
            return created
        }
    }

    /// Deletes a group (its memberships go with it); default groups are refused with 400 `mutability`.
    public func delete(_ id: UUID, context: WriteContext) throws(StoreError) {
        try run(observer: context.observer) { conn in
            guard let current = try fetch(id, on: conn, lock: true) else { throw Self.notFound }
            if let expected = context.ifMatch, expected != current.version { throw Self.preconditionFailed }
            if current.isDefault {
                throw SCIMError(
                    status: 400, scimType: .mutability,
                    detail: "'\(current.displayName)' is a default group: default groups cannot be deleted "
                        + "(their members can be changed)")
            }
            let removed: Int = try conn.query(
                "SELECT count(*) FROM \(ident: schema).group_members WHERE group_id = \(id)")[0].decode(at: 0)
            try conn.execute("DELETE FROM \(ident: schema).groups WHERE id = \(id)")
            try ProvisioningLog.append(
                conn, schema: schema, context: context, resourceType: "Group", resourceID: id, operation: "delete",
                changed: [], details: ["membersRemoved": .number(JSONNumber(removed))])
        }
    }

    // MARK: Errors

    /// 404 for a group id that does not exist (or is not a UUID).
    public static let notFound = SCIMError(status: 404, scimType: nil, detail: "no group with this id")
    /// 412 for a stale `If-Match`.
    public static let preconditionFailed = UserRepository.preconditionFailed
    /// 409 for a displayName in use.
    static let duplicateName = SCIMError(
        status: 409, scimType: .uniqueness, detail: "a group with this displayName already exists")
    /// 400 `tooMany` for rendering a group beyond ``maxRenderedMembers``.
    public static let tooManyMembers = SCIMError(
        status: 400, scimType: .tooMany,
        detail: "the group has more than \(maxRenderedMembers) members, too many to return; "
            + "request it with excludedAttributes=members")
}
