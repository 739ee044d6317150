import Foundation

/// Statement texts of `PgBenchScripts` for one organization, in the shapes Roster runs them.
struct PgBenchSQL {
    let org: BenchDataset.Organization
    let s: String

    init(_ org: BenchDataset.Organization) {
        self.org = org
        self.s = "\"\(org.schema)\""
    }

    /// A user id from a pgbench number expression.
    func userID(_ number: String) -> String {
        "('\(String(BenchDataset.userID(organization: org.index, user: 0).dropLast(12)))' || lpad(\(number)::text, 12, '0'))::uuid"
    }

    /// The userName of user `number`.
    func userName(_ number: String) -> String { "('user' || \(number)::bigint || '@\(org.host)')" }

    /// `UserRepository.columns`: the user and its groups in one statement.
    var columns: String {
        """
        u.id, u.user_name, u.active, u.attributes::text, u.version, u.created_at, u.updated_at, \
        ARRAY(SELECT x.entry FROM (SELECT g.id::text || g.display_name AS entry, g.display_name \
        FROM \(s).group_members m JOIN \(s).groups g ON g.id = m.group_id WHERE m.user_id = u.id \
        UNION ALL SELECT g.id::text || g.display_name, g.display_name FROM \(s).groups g \
        WHERE g.system_role = 'all-users') x ORDER BY x.display_name)
        """
    }

    /// `UserRepository.fetch`.
    func fetch(_ id: String, lock: Bool = false) -> String {
        "SELECT \(columns) FROM \(s).users u WHERE u.id = \(id)\(lock ? " FOR UPDATE OF u" : "")"
    }

    /// `UserRepository.list`: ids and the total first, then the page's documents.
    func list(where condition: String, offset: String, limit: Int) -> String {
        """
        SELECT \(columns), page.total FROM (SELECT u.id, count(*) OVER () AS total FROM \(s).users u \
        WHERE \(condition) ORDER BY u.created_at, u.id OFFSET \(offset) LIMIT \(limit)) page \
        JOIN \(s).users u ON u.id = page.id ORDER BY u.created_at, u.id
        """
    }

    /// `UserRepository.list` with `userName eq`.
    func filterByUserName(_ number: String) -> String {
        list(where: "lower(user_name) = lower(\(userName(number))::text)", offset: "0", limit: 200)
    }

    /// `UserRepository.list` without a filter.
    func page(_ offset: String) -> String {
        list(where: "TRUE", offset: offset, limit: ReadScenario.pageSize)
    }

    /// A stored user's attributes, about the size of the seeded ones. pgbench would take `:ietf` in a URN
    /// for a variable, so colons inside strings are written as the JSON escape `\u003a` (the stored jsonb is
    /// the same).
    static let attributes = attributesText.replacingOccurrences(of: ":", with: "\\u003a")
        .replacingOccurrences(of: "\\u003a ", with: ": ")

    private static let attributesText = """
        {"name": {"formatted": "Grace Hopper", "givenName": "Grace", "familyName": "Hopper"}, "title": "Manager", \
        "active": true, "emails": [{"type": "work", "value": "pgbench@bench.test", "primary": true}, \
        {"type": "home", "value": "grace.hopper@example.org"}], "locale": "en-US", "schemas": \
        ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], \
        "timezone": "Europe/Berlin", "userName": "pgbench@bench.test", "userType": "Employee", "externalId": "ext-1", \
        "displayName": "Grace Hopper", "phoneNumbers": [{"type": "work", "value": "+1 555 0000001"}], \
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": \
        "00000001-0000-4000-8000-000000000001"}, "division": "Division 2", "costCenter": "CC-101", "department": \
        "Engineering", "organization": "Bench Corp", "employeeNumber": "E0000001"}}
        """

    /// The stored attributes with `userName` set to `name`, so the row stays consistent for the scenarios
    /// that run after pgbench (Roster takes the userName of a PATCHed user from its attributes).
    func attributes(_ name: String) -> String {
        "jsonb_set('\(Self.attributes)'::jsonb, '{userName}', to_jsonb(\(name)::text))"
    }

    /// `UserRepository.create`'s INSERT, storing the new id in `:new_id`.
    func insertUser(_ number: String) -> String {
        let name = "('pgbench-' || \(number)::bigint || '@\(org.host)')"
        return """
            INSERT INTO \(s).users (user_name, external_id, display_name, active, attributes, email_values) \
            VALUES (\(name), '00u' || \(number)::bigint, 'Grace Hopper', true, \(attributes(name)), \
            ARRAY[lower(\(name))]::text[]) RETURNING id AS new_id
            """
    }

    /// `ProvisioningLog.append`.
    func log(_ type: String, _ id: String, _ operation: String) -> String {
        """
        INSERT INTO \(s).provisioning_log (token_id, resource_type, resource_id, operation, changed_attributes, \
        rewrites, idp, details) VALUES (NULL::uuid, \(type), \(id), \(operation), ARRAY['title']::text[], \
        '{}'::text[], 'roster-bench', NULL::jsonb)
        """
    }

    /// `UserRepository.update` (PUT, PATCH, deactivation with `guardsAdmin`), a whole transaction.
    func update(
        _ id: String, userName name: String? = nil, active: String, operation: String, guardsAdmin: Bool = false
    ) -> String {
        let name = name ?? userName(":u")
        var text = "BEGIN;\n" + fetch(id, lock: true) + ";\n"
        if guardsAdmin {
            text += "SELECT id AS admin_id FROM \(s).groups WHERE system_role = 'admin' FOR UPDATE \\gset\n"
            text += """
                SELECT EXISTS (SELECT 1 FROM \(s).group_members WHERE group_id = :admin_id::uuid AND user_id = \(id)), \
                (SELECT count(*) FROM \(s).group_members m JOIN \(s).users u ON u.id = m.user_id \
                WHERE m.group_id = :admin_id::uuid AND u.active AND u.id <> \(id));

                """
        }
        text += """
            UPDATE \(s).users SET user_name = \(name), external_id = 'ext-1', display_name = 'Grace Hopper', \
            active = \(active), attributes = \(attributes(name)), email_values = ARRAY[lower(\(name))]::text[], \
            version = version + 1, updated_at = clock_timestamp() WHERE id = \(id) AND version = version;

            """
        if guardsAdmin { text += "DELETE FROM \(s).sessions WHERE user_id = \(id);\n" }
        text += log("'User'", id, operation) + ";\n" + fetch(id) + ";\nCOMMIT;\n"
        return text
    }

    /// Okta's or Entra's five requests for a new user: lookup, create, GET (Okta) or PATCH (Entra), PUT or
    /// PATCH, deactivation.
    func syncSequence(okta: Bool) -> String {
        let name = "('pgbench-' || :n::bigint || '@\(org.host)')"
        var text = "\\set n random(1, 1000000000000)\n"
        text += list(where: "lower(user_name) = lower(\(name)::text)", offset: "0", limit: 100) + ";\n"
        // An empty page: the total is counted by a second statement.
        text += "SELECT count(*) FROM \(s).users u WHERE (lower(user_name) = lower(\(name)::text));\n"
        text += "BEGIN;\n" + insertUser(":n") + " \\gset\n" + log("'User'", ":new_id::uuid", "'create'") + ";\n"
        text += fetch(":new_id::uuid") + ";\nCOMMIT;\n"
        text +=
            okta
            ? fetch(":new_id::uuid") + ";\n"
            : update(":new_id::uuid", userName: name, active: "true", operation: "'patch'")
        text += update(":new_id::uuid", userName: name, active: "true", operation: "'patch'")
        text += update(":new_id::uuid", userName: name, active: "false", operation: "'deactivate'", guardsAdmin: true)
        return text
    }

    /// `GroupRepository.columns`.
    static let groupColumns = "id, display_name, system_role, attributes::text, version, created_at, updated_at"

    /// A group PATCH adding or removing one member: `GroupRepository.update` (group row lock, user check for
    /// adds, set-based insert or delete, version, log, re-read), then the response's re-read with a bounded
    /// member count and, within the cap, the members.
    func groupPatch(_ group: String, member: String, add: Bool, loadsMembers: Bool) -> String {
        var text = "BEGIN;\nSELECT \(Self.groupColumns) FROM \(s).groups WHERE id = \(group) FOR UPDATE;\n"
        if add {
            text += "SELECT u::text FROM unnest(ARRAY[\(member)]::uuid[]) u "
            text += "WHERE NOT EXISTS (SELECT 1 FROM \(s).users WHERE id = u);\n"
            text += "INSERT INTO \(s).group_members (group_id, user_id) SELECT DISTINCT \(group), u "
            text += "FROM unnest(ARRAY[\(member)]::uuid[]) u ON CONFLICT DO NOTHING RETURNING user_id;\n"
        } else {
            text += "DELETE FROM \(s).group_members WHERE group_id = \(group) "
            text += "AND user_id = ANY(ARRAY[\(member)]::uuid[]) RETURNING user_id;\n"
        }
        text += "UPDATE \(s).groups SET display_name = display_name, external_id = external_id, "
        text += "attributes = attributes, version = version + 1, updated_at = clock_timestamp() WHERE id = \(group);\n"
        text += log("'Group'", group, "'patch'") + ";\n"
        text += "SELECT \(Self.groupColumns) FROM \(s).groups WHERE id = \(group);\nCOMMIT;\n"
        text += "BEGIN;\nSELECT \(Self.groupColumns) FROM \(s).groups WHERE id = \(group);\n"
        text += "SELECT count(*) FROM (SELECT 1 FROM \(s).group_members WHERE group_id = \(group) LIMIT 10001) s;\n"
        // Within the cap the response carries the members.
        if loadsMembers {
            text += "SELECT u.id, coalesce(u.display_name, u.user_name) FROM \(s).group_members m "
            text += "JOIN \(s).users u ON u.id = m.user_id WHERE m.group_id = \(group) "
            text += "ORDER BY m.created_at, m.user_id LIMIT 10001;\n"
        }
        text += "COMMIT;\n"
        return text
    }
}
