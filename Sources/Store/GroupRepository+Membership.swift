import Foundation
import Postgres
import SCIM

// Membership changes as set-based SQL, with the guards that protect them: unknown users, All Users,
// the last active admin and the mass-change guard.

extension GroupRepository {
    /// Applies `changes` in order to the (locked) `group`'s members and returns the net effect.
    func applyMembership(
        _ changes: [MembershipChange], to group: GroupRecord, context: WriteContext, on conn: Connection
    ) throws -> MembershipOutcome {
        guard !changes.isEmpty else { return MembershipOutcome() }
        var wanted: [String] = []
        var removes = false
        for change in changes {
            switch change {
            case .add(let ids): wanted += ids
            case .replace(let ids): wanted += ids; removes = true
            case .remove, .removeAll: removes = true
            }
        }
        let wantedIDs = try requireUsers(wanted, on: conn)
        if group.isAllUsers {
            try checkAllUsers(changes, on: conn)
            return MembershipOutcome()
        }
        let guardsAdmin = removes && group.systemRole == Self.adminRole && !tenant.has(.noAdminGuard)
        let hadActiveAdmin = guardsAdmin ? try hasActiveMember(group.id, on: conn) : false
        var added = Set<UUID>()
        var removed = Set<UUID>()
        var cleared = false
        func record(_ ids: [UUID], added isAdd: Bool) {
            for id in ids {
                if isAdd {
                    if removed.remove(id) == nil { added.insert(id) }
                } else if added.remove(id) == nil {
                    removed.insert(id)
                }
            }
        }
        for change in changes {
            switch change {
            case .add(let ids):
                record(try insertMembers(Self.canonical(ids, in: wantedIDs), into: group.id, on: conn), added: true)
            case .remove(let ids):
                let texts = ids.compactMap { UUID(text: $0)?.lowercasedString }
                guard !texts.isEmpty else { continue }
                let rows = try conn.query(
                    """
                    DELETE FROM \(ident: schema).group_members
                    WHERE group_id = \(group.id) AND user_id = ANY(\(texts)::uuid[]) RETURNING user_id
                    """)
                record(try rows.rows.map { try $0.decode(UUID.self, at: 0) }, added: false)
            case .removeAll:
                // RFC 7644 §3.5.2.2: remove on a multi-valued attribute with no value filter removes all values.
                let rows = try conn.query(
                    "DELETE FROM \(ident: schema).group_members WHERE group_id = \(group.id) RETURNING user_id")
                record(try rows.rows.map { try $0.decode(UUID.self, at: 0) }, added: false)
                cleared = true
            case .replace(let ids):
                let texts = Self.canonical(ids, in: wantedIDs)
                let rows = try conn.query(
                    """
                    DELETE FROM \(ident: schema).group_members
                    WHERE group_id = \(group.id) AND user_id <> ALL(\(texts)::uuid[]) RETURNING user_id
                    """)
                record(try rows.rows.map { try $0.decode(UUID.self, at: 0) }, added: false)
                record(try insertMembers(texts, into: group.id, on: conn), added: true)
            }
        }
        let outcome = MembershipOutcome(added: Array(added), removed: Array(removed), cleared: cleared)
        // Fewer removals than the share of the smallest guarded group cannot trip the guard, so the common small
        // change (Okta's one remove plus one add) never counts a huge group's members.
        if !tenant.has(.allowMassRemoval),
            Double(removed.count) > Self.massRemovalMaximumShare * Double(Self.massRemovalMinimumMembers)
        {
            let before = try countMembers(of: group, on: conn) + removed.count - added.count
            if before >= Self.massRemovalMinimumMembers,
                Double(removed.count) > Self.massRemovalMaximumShare * Double(before)
            {
                throw MassRemovalRefused(
                    groupID: group.id, members: before, removing: removed.count, context: context)
            }
        }
        if guardsAdmin, hadActiveAdmin, !removed.isEmpty, try !hasActiveMember(group.id, on: conn) {
            throw SCIMError(
                status: 409, scimType: nil,
                detail: "refused: this change would leave the admin group with no active member, and nobody able "
                    + "to administer the organization. Add another admin first (or set the no-admin-guard flag).")
        }
        return outcome
    }

    /// Inserts memberships (idempotent) and returns the users who were not members yet.
    private func insertMembers(_ texts: [String], into groupID: UUID, on conn: Connection) throws -> [UUID] {
        guard !texts.isEmpty else { return [] }
        let rows = try conn.query(
            """
            INSERT INTO \(ident: schema).group_members (group_id, user_id)
            SELECT DISTINCT \(groupID)::uuid, u FROM unnest(\(texts)::uuid[]) u
            ON CONFLICT DO NOTHING RETURNING user_id
            """)
        return try rows.rows.map { try $0.decode(UUID.self, at: 0) }
    }

    /// The ids of `texts`, as lower-case UUID text, all known to be users.
    private static func canonical(_ texts: [String], in known: [String: UUID]) -> [String] {
        texts.compactMap { known[$0]?.lowercasedString }
    }

    /// Checks that every id names a user of the organization, in one query; 400 `invalidValue` naming the
    /// others (and nothing is applied). Returns the parsed ids.
    func requireUsers(_ texts: [String], on conn: Connection) throws -> [String: UUID] {
        guard !texts.isEmpty else { return [:] }
        var parsed: [String: UUID] = [:]
        var unknown: [String] = []
        for text in texts {
            if let id = UUID(text: text) { parsed[text] = id } else { unknown.append(text) }
        }
        let ids = Set(parsed.values).map { $0.lowercasedString }
        if !ids.isEmpty {
            // FOR KEY SHARE keeps the users found here until the transaction ends: a concurrent DELETE of one
            // waits (or, if it committed first, the user is not found: 400), instead of the membership INSERT
            // failing its foreign key (a 500; found by roster-fuzz, seed 2026, case 310).
            let rows = try conn.query(
                """
                WITH present AS (
                    SELECT id FROM \(ident: schema).users WHERE id = ANY(\(ids)::uuid[]) FOR KEY SHARE
                )
                SELECT u::text FROM unnest(\(ids)::uuid[]) u WHERE u NOT IN (SELECT id FROM present)
                """)
            unknown += try rows.rows.map { try $0.decode(String.self, at: 0) }
        }
        guard unknown.isEmpty else {
            let shown = unknown.prefix(10).map { "'\(String($0.prefix(64)))'" }.joined(separator: ", ")
            let more = unknown.count > 10 ? " and \(unknown.count - 10) more" : ""
            throw SCIMError(
                status: 400, scimType: .invalidValue,
                detail: "no user with id \(shown)\(more) in this organization; nothing was changed")
        }
        return parsed
    }

    /// `All Users` holds every user: adds are no-ops; changes that would take a user out are refused.
    private func checkAllUsers(_ changes: [MembershipChange], on conn: Connection) throws {
        let refusal = SCIMError(
            status: 400, scimType: .mutability,
            detail: "'All Users' always holds every user of the organization: users cannot be removed from it "
                + "(deactivate or delete the user instead); adding users is accepted and changes nothing")
        for change in changes {
            switch change {
            case .add: continue
            case .remove(let ids):
                let texts = ids.compactMap { UUID(text: $0)?.lowercasedString }
                let hits: Int = try conn.query(
                    "SELECT count(*) FROM \(ident: schema).users WHERE id = ANY(\(texts)::uuid[])")[0].decode(at: 0)
                if hits > 0 { throw refusal }
            case .removeAll:
                throw refusal
            case .replace(let ids):
                let texts = ids.compactMap { UUID(text: $0)?.lowercasedString }
                let missing: Int = try conn.query(
                    "SELECT count(*) FROM \(ident: schema).users WHERE id <> ALL(\(texts)::uuid[])")[0].decode(at: 0)
                if missing > 0 { throw refusal }
            }
        }
    }

    /// Whether the group has an active member.
    private func hasActiveMember(_ groupID: UUID, on conn: Connection) throws -> Bool {
        try conn.query(
            """
            SELECT EXISTS (SELECT 1 FROM \(ident: schema).group_members m JOIN \(ident: schema).users u
                           ON u.id = m.user_id WHERE m.group_id = \(groupID) AND u.active)
            """)[0].decode(at: 0)
    }

    /// Records a refused mass removal, after its transaction rolled back.
    func logRefusal(_ refusal: MassRemovalRefused) {
        _ = try? ProvisioningLog.append(
            connection, schema: schema, context: refusal.context, resourceType: "Group", resourceID: refusal.groupID,
            operation: "refused-mass-removal", changed: ["members"],
            details: [
                "members": .number(JSONNumber(refusal.members)),
                "removing": .number(JSONNumber(refusal.removing)),
            ])
    }
}
