import Foundation
import Postgres
import SCIM

// Transactions, row decoding and member reads shared by the group repository's methods.

extension GroupRepository {
    /// Runs `body` in one transaction (see `Connection.storeTransaction`); a refused mass removal is logged
    /// after the rollback. `observer` (a write's) hears of retries.
    func run<T>(observer: (any StoreObserver)? = nil, _ body: (Connection) throws -> T) throws(StoreError) -> T {
        try connection.storeTransaction(
            observer: observer,
            refusal: { error in
                guard let refusal = error as? MassRemovalRefused else { return nil }
                logRefusal(refusal)
                return refusal.error
            }, body)
    }

    func fetch(_ id: UUID, on conn: Connection, lock: Bool) throws -> GroupRecord? {
        let rows = try conn.query(
            """
            SELECT \(unsafeSQL: Self.columns) FROM \(ident: schema).groups WHERE id = \(id)
            \(unsafeSQL: lock ? "FOR UPDATE" : "")
            """)
        return try rows.first.map(record)
    }

    func record(_ row: PostgresRow) throws -> GroupRecord {
        let id: UUID = try row.decode(at: 0)
        let text: String = try row.decode(at: 3)
        guard case .object(var attributes) = try JSONValue.parse(text) else {
            throw StoreError.invalid("stored attributes of group \(id) are not an object")
        }
        // The column is the source of truth (the default groups are created with empty attributes).
        let displayName: String = try row.decode(at: 1)
        attributes["displayName"] = .string(displayName)
        return GroupRecord(
            id: id, displayName: displayName, systemRole: try row.decode(at: 2), attributes: attributes,
            version: try row.decode(at: 4), createdAt: try row.decode(at: 5), updatedAt: try row.decode(at: 6),
            members: nil)
    }

    /// The members of `group` in a stable order; refuses groups beyond ``maxRenderedMembers``.
    func loadMembers(of group: GroupRecord, on conn: Connection) throws -> [GroupMember] {
        let limit = Self.maxRenderedMembers + 1
        let rows: PostgresResult
        if group.isAllUsers {
            rows = try conn.query(
                """
                SELECT id, coalesce(display_name, user_name) FROM \(ident: schema).users
                ORDER BY created_at, id LIMIT \(limit)
                """)
        } else {
            rows = try conn.query(
                """
                SELECT u.id, coalesce(u.display_name, u.user_name) FROM \(ident: schema).group_members m
                JOIN \(ident: schema).users u ON u.id = m.user_id
                WHERE m.group_id = \(group.id) ORDER BY m.created_at, m.user_id LIMIT \(limit)
                """)
        }
        guard rows.count <= Self.maxRenderedMembers else { throw Self.tooManyMembers }
        return try rows.rows.map { row in GroupMember(id: try row.decode(at: 0), display: try row.decode(at: 1)) }
    }

    /// The members of every group of a page, in one statement rather than one per group: at most
    /// `maxRenderedMembers + 1` per group are read, and a group over the cap is a 400 `tooMany`.
    func loadMembers(ofPage groups: [GroupRecord], on conn: Connection) throws -> [GroupRecord] {
        let stored = groups.filter { !$0.isAllUsers }.map(\.id.lowercasedString)
        var members: [UUID: [GroupMember]] = [:]
        if !stored.isEmpty {
            let rows = try conn.query(
                """
                SELECT p.id, x.id, x.display FROM unnest(\(stored)::uuid[]) AS p(id)
                CROSS JOIN LATERAL (
                    SELECT u.id, coalesce(u.display_name, u.user_name) AS display, m.created_at
                    FROM \(ident: schema).group_members m JOIN \(ident: schema).users u ON u.id = m.user_id
                    WHERE m.group_id = p.id ORDER BY m.created_at, m.user_id LIMIT \(Self.maxRenderedMembers + 1)
                ) x
                ORDER BY p.id, x.created_at, x.id
                """)
            for row in rows.rows {
                members[try row.decode(at: 0), default: []].append(
                    GroupMember(id: try row.decode(at: 1), display: try row.decode(at: 2)))
            }
        }
        return try groups.map { group in
            var group = group
            // The virtual All Users group has no rows in group_members.
            group.members = group.isAllUsers ? try loadMembers(of: group, on: conn) : members[group.id] ?? []
            guard (group.members?.count ?? 0) <= Self.maxRenderedMembers else { throw Self.tooManyMembers }
            return group
        }
    }

    /// How many members `group` has (counting at most `limit`, so a huge group costs no more than that).
    func countMembers(of group: GroupRecord, on conn: Connection, upTo limit: Int = Int(Int32.max)) throws -> Int {
        if group.isAllUsers {
            return try conn.query(
                "SELECT count(*) FROM (SELECT 1 FROM \(ident: schema).users LIMIT \(limit)) s")[0].decode(at: 0)
        }
        return try conn.query(
            """
            SELECT count(*) FROM (SELECT 1 FROM \(ident: schema).group_members WHERE group_id = \(group.id)
                                  LIMIT \(limit)) s
            """)[0].decode(at: 0)
    }

    static func json(_ object: JSONObject) -> String {
        String(decoding: JSONValue.object(object).serialized(), as: UTF8.self)
    }

    /// The provisioning-log details of a membership change: counts always, ids only when few.
    static func details(_ outcome: MembershipOutcome) -> JSONValue {
        var details: JSONObject = [
            "membersAdded": .number(JSONNumber(outcome.added.count)),
            "membersRemoved": .number(JSONNumber(outcome.removed.count)),
        ]
        if outcome.cleared { details["membersCleared"] = true }
        if outcome.added.count <= maxLoggedMemberIDs && !outcome.added.isEmpty {
            details["added"] = .array(outcome.added.map { .string($0.lowercasedString) })
        }
        if outcome.removed.count <= maxLoggedMemberIDs && !outcome.removed.isEmpty {
            details["removed"] = .array(outcome.removed.map { .string($0.lowercasedString) })
        }
        return .object(details)
    }
}
