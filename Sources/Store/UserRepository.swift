import Foundation
import Postgres
import SCIM

/// Users of one tenant: every method is one transaction in the tenant's schema, with its
/// provisioning-log row. The database enforces userName uniqueness (case-insensitively); `If-Match` is
/// checked inside the `UPDATE`/`DELETE` itself.
public struct UserRepository {
    let connection: Connection
    let tenant: Tenant

    /// A repository for `tenant` working through `connection`.
    public init(connection: Connection, tenant: Tenant) {
        self.connection = connection
        self.tenant = tenant
    }

    var schema: SQLIdentifier { tenant.schema }

    /// The columns of a `UserRecord`, with the user's groups (direct memberships and `All Users`, which
    /// holds everyone) as `id` + `displayName` strings, so one statement reads a whole user.
    var columns: Query {
        """
        u.id, u.user_name, u.active, u.attributes::text, u.version, u.created_at, u.updated_at,
        ARRAY(SELECT x.entry FROM (
            SELECT g.id::text || g.display_name AS entry, g.display_name FROM \(ident: schema).group_members m
            JOIN \(ident: schema).groups g ON g.id = m.group_id WHERE m.user_id = u.id
            UNION ALL
            SELECT g.id::text || g.display_name, g.display_name FROM \(ident: schema).groups g
            WHERE g.system_role = 'all-users') x ORDER BY x.display_name)
        """
    }

    // MARK: Reads

    /// The user with `id`, or nil.
    public func find(_ id: UUID) throws(StoreError) -> UserRecord? {
        // One statement: no transaction needed.
        do {
            return try fetch(id, on: connection, lock: false)
        } catch let error as StoreError {
            throw error
        } catch let error as PostgresError {
            throw .database(error)
        } catch {
            throw .invalid("\(error)")
        }
    }

    /// One page of users matching `filter` (all users when nil), sorted by `sort` (then creation time and
    /// id, so the order is stable across pages). The filter runs in SQL; a value PostgreSQL cannot read
    /// (e.g. an impossible date) is a 400 `invalidFilter`, never a 500.
    public func list(_ filter: ResolvedFilter?, sort: SortOrder? = nil, startIndex: Int, count: Int) throws(StoreError)
        -> (total: Int, users: [UserRecord])
    {
        let condition = filter.map(FilterSQL.users.condition) ?? "TRUE"
        var order: Query = ""
        if let sort {
            order =
                "\(FilterSQL.users.sortExpression(sort.attribute)) \(unsafeSQL: sort.ascending ? "ASC" : "DESC") NULLS LAST, "
        }
        do {
            // One round trip for the page and its total; a second only when the page is empty. The inner query
            // pages over ids and sort keys only: with the full columns (the document as text, the groups
            // subquery) PostgreSQL computed them for every row it counted and skipped, 250 ms at startIndex
            // 5,001 of 10,000 users.
            let rows = try connection.query(
                """
                SELECT \(columns), page.total FROM (
                    SELECT u.id, count(*) OVER () AS total FROM \(ident: schema).users u WHERE \(condition)
                    ORDER BY \(order)u.created_at, u.id OFFSET \(startIndex - 1) LIMIT \(count)
                ) page JOIN \(ident: schema).users u ON u.id = page.id
                ORDER BY \(order)u.created_at, u.id
                """)
            if let first = rows.first {
                return (try first.decode(Int.self, at: 8), try rows.rows.map(record))
            }
            let total: Int = try connection.query(
                "SELECT count(*) FROM \(ident: schema).users u WHERE \(condition)")[0].decode(at: 0)
            return (total, [])
        } catch let error as PostgresError where error.sqlState?.hasPrefix("22") == true {
            throw .scim(
                SCIMError(
                    status: 400, scimType: .invalidFilter, detail: "a filter value is out of range for its attribute"))
        } catch let error as PostgresError {
            throw .database(error)
        } catch {
            throw .invalid("\(error)")
        }
    }

    /// A sort key (see `SortKey`).
    public typealias SortOrder = SortKey

    // MARK: Writes

    /// Creates a user; 409 `uniqueness` when the userName is taken (in any letter case).
    public func create(_ write: UserWrite, context: WriteContext) throws(StoreError) -> UserRecord {
        var write = write
        write.attributes.removeValue(forKey: "password")
        return try run(observer: context.observer) { conn in
            let rows: PostgresResult
            do {
                rows = try conn.query(
                    """
                    INSERT INTO \(ident: schema).users
                        (user_name, external_id, display_name, active, attributes, email_values)
                    VALUES (\(write.userName), \(write.externalId), \(write.displayName), \(write.active),
                            \(Self.json(write.attributes))::jsonb, \(write.emailValues)::text[])
                    RETURNING id
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw SCIMError(
                    status: 409, scimType: .uniqueness, detail: "a user with this userName already exists")
            }
            let id: UUID = try rows[0].decode(at: 0)
            try ProvisioningLog.append(
                conn, schema: schema, context: context, resourceType: "User", resourceID: id, operation: "create",
                changed: write.attributes.keys)
            return try required(id, on: conn)
        }
    }

    /// Replaces a user's attributes (PUT), or applies `transform` to them (PATCH): the row is locked, the
    /// new attributes computed, and written only if they differ (so a no-op leaves version and
    /// lastModified alone). Deactivation deletes the user's sessions and is refused for the last admin.
    public func update(
        _ id: UUID, context: WriteContext, operation: String,
        _ transform: (UserRecord) throws -> (attributes: JSONObject, rewrites: [String])
    ) throws(StoreError) -> UserRecord {
        try run(observer: context.observer) { conn in
            guard let current = try fetch(id, on: conn, lock: true) else { throw Self.notFound }
            if let expected = context.ifMatch, expected != current.version { throw Self.preconditionFailed }
            var (attributes, rewrites) = try transform(current)
            // The writeOnly password is never stored: users sign in through their identity provider.
            attributes.removeValue(forKey: "password")
            guard attributes != current.attributes else { return current }
            let write = UserWrite(attributes: attributes)
            guard !write.userName.isEmpty else {
                throw SCIMError(status: 400, scimType: .invalidValue, detail: "userName is required")
            }
            if current.active && !write.active { try guardLastAdmin(id, on: conn) }
            do {
                try conn.execute(
                    """
                    UPDATE \(ident: schema).users
                    SET user_name = \(write.userName), external_id = \(write.externalId),
                        display_name = \(write.displayName), active = \(write.active),
                        attributes = \(Self.json(attributes))::jsonb, email_values = \(write.emailValues)::text[],
                        version = version + 1,
                        updated_at = clock_timestamp()
                    WHERE id = \(id) AND version = \(current.version)
                    """)
            } catch let error as PostgresError where error.isUniqueViolation {
                throw SCIMError(
                    status: 409, scimType: .uniqueness, detail: "a user with this userName already exists")
            }
            if current.active && !write.active {
                try conn.execute("DELETE FROM \(ident: schema).sessions WHERE user_id = \(id)")
            }
            var logged = context
            logged.rewrites += rewrites
            let op = current.active == write.active ? operation : (write.active ? "reactivate" : "deactivate")
            try ProvisioningLog.append(
                conn, schema: schema, context: logged, resourceType: "User", resourceID: id, operation: op,
                changed: Self.changedKeys(current.attributes, attributes))
            return try required(id, on: conn)
        }
    }

    /// Deletes a user and their memberships and sessions; refused for the last active admin.
    public func delete(_ id: UUID, context: WriteContext) throws(StoreError) {
        try run(observer: context.observer) { conn in
            guard let current = try fetch(id, on: conn, lock: true) else { throw Self.notFound }
            if let expected = context.ifMatch, expected != current.version { throw Self.preconditionFailed }
            if current.active { try guardLastAdmin(id, on: conn) }
            try conn.execute("DELETE FROM \(ident: schema).users WHERE id = \(id)")
            try ProvisioningLog.append(
                conn, schema: schema, context: context, resourceType: "User", resourceID: id, operation: "delete",
                changed: [])
        }
    }

    // MARK: Helpers

    /// 404 for a user id that does not exist (or is not a UUID).
    public static let notFound = SCIMError(status: 404, scimType: nil, detail: "no user with this id")
    /// 412 for a stale `If-Match`.
    public static let preconditionFailed = SCIMError(
        status: 412, scimType: nil, detail: "the resource has changed since the version in If-Match")

    /// Refuses to take the last active member out of `admin` (unless the organization set `no-admin-guard`).
    func guardLastAdmin(_ id: UUID, on conn: Connection) throws {
        guard !tenant.has(.noAdminGuard) else { return }
        // Locking the admin group row serializes concurrent deactivations of admins.
        let admin = try conn.query(
            "SELECT id FROM \(ident: schema).groups WHERE system_role = 'admin' FOR UPDATE")
        guard let adminID = try admin.first?.decode(UUID.self, at: 0) else { return }
        let row = try conn.query(
            """
            SELECT EXISTS (SELECT 1 FROM \(ident: schema).group_members WHERE group_id = \(adminID) AND user_id = \(id)),
                   (SELECT count(*) FROM \(ident: schema).group_members m JOIN \(ident: schema).users u ON u.id = m.user_id
                    WHERE m.group_id = \(adminID) AND u.active AND u.id <> \(id))
            """)[0]
        if try row.decode(Bool.self, at: 0), try row.decode(Int.self, at: 1) == 0 {
            throw SCIMError(
                status: 409, scimType: nil,
                detail: "refused: this user is the organization's last active admin; deactivating or deleting them "
                    + "would leave nobody able to administer it. Add another admin first (or set the "
                    + "no-admin-guard flag).")
        }
    }

    /// Runs `body` in one transaction (see `Connection.storeTransaction`): a deactivation can meet a group
    /// write that adds the same user to `admin`, and the deadlock is retried.
    func run<T>(observer: (any StoreObserver)? = nil, _ body: (Connection) throws -> T) throws(StoreError) -> T {
        try connection.storeTransaction(observer: observer, body)
    }

    func fetch(_ id: UUID, on conn: Connection, lock: Bool) throws -> UserRecord? {
        let rows = try conn.query(
            """
            SELECT \(columns) FROM \(ident: schema).users u WHERE u.id = \(id)
            \(unsafeSQL: lock ? "FOR UPDATE OF u" : "")
            """)
        return try rows.first.map(record)
    }

    func required(_ id: UUID, on conn: Connection) throws -> UserRecord {
        guard let record = try fetch(id, on: conn, lock: false) else { throw Self.notFound }
        return record
    }

    func record(_ row: PostgresRow) throws -> UserRecord {
        let id: UUID = try row.decode(at: 0)
        let text: String = try row.decode(at: 3)
        guard case .object(let attributes) = try JSONValue.parse(text) else {
            throw StoreError.invalid("stored attributes of user \(id) are not an object")
        }
        let entries: [String] = try row.decode(at: 7)
        let groups = entries.compactMap { entry -> GroupReference? in
            guard entry.utf8.count >= 36, let groupID = UUID(text: String(entry.prefix(36))) else { return nil }
            return GroupReference(id: groupID, displayName: String(entry.dropFirst(36)))
        }
        return UserRecord(
            id: id, userName: try row.decode(at: 1), active: try row.decode(at: 2), attributes: attributes,
            version: try row.decode(at: 4), createdAt: try row.decode(at: 5), updatedAt: try row.decode(at: 6),
            groups: groups)
    }

    static func json(_ object: JSONObject) -> String {
        String(decoding: JSONValue.object(object).serialized(), as: UTF8.self)
    }

    /// Names of top-level attributes whose values differ.
    static func changedKeys(_ old: JSONObject, _ new: JSONObject) -> [String] {
        var names: [String] = []
        for key in new.keys where old[key] != new[key] { names.append(key) }
        for key in old.keys where new[key] == nil { names.append(key) }
        return names
    }
}
