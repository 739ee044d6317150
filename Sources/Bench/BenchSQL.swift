import Foundation
import Postgres

/// The set-based statements of `BenchSeeder`: realistic users (name parts, work and home emails, phone,
/// title, locale, the enterprise extension with a manager), department groups and memberships, all with the
/// deterministic ids of `BenchDataset`.
enum BenchSQL {
    /// What groups an organization gets.
    struct GroupShape {
        /// Users in the organization.
        var users: Int
        /// Department groups (each user is in one, every third user in a second one).
        var groups: Int
        /// Members of the big group, for the group organization.
        var big: Int?
    }

    static let givenNames =
        "ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken','Margaret','Dennis','Radia','Linus',"
        + "'Sophie','Tim','Hedy','John','Katherine','Niklaus','Leslie','Shafi','Fernando','Ivan','Jean','Anita',"
        + "'Bjarne','Guido','Yukihiro','Adele','Ole','Kristen','Butler','Brian','Chuck','Lynn','Robin','Mary',"
        + "'Joan','Karen','Whitfield','Martin']"
    static let familyNames =
        "ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen','Thompson','Hamilton','Ritchie',"
        + "'Perlman','Torvalds','Wilson','Berners-Lee','Lamarr','McCarthy','Johnson','Wirth','Lamport','Goldwasser',"
        + "'Corbato','Sutherland','Sammet','Borg','Stroustrup','van Rossum','Matsumoto','Goldberg','Dahl','Nygaard',"
        + "'Lampson','Kernighan','Moore','Conway','Milner','Shaw','Clarke','Jones','Diffie','Hellman']"
    static let departments =
        "ARRAY['Engineering','Sales','Marketing','Finance','Legal','Support','Operations','Research','Design',"
        + "'People','Security','Data','Platform','Mobile','Growth','Partnerships','Procurement','Facilities',"
        + "'Quality','Documentation']"

    /// One chunk of users `from`…`to` of organization `index`.
    static func insertUsers(schema: SQLIdentifier, index: Int, host: String, from: Int, to: Int) -> Query {
        """
        INSERT INTO \(ident: schema).users (id, user_name, external_id, display_name, attributes, email_values)
        SELECT v.id, v.user_name, v.external_id, v.given || ' ' || v.family,
            jsonb_build_object(
                'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User',
                    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'),
                'userName', v.user_name, 'externalId', v.external_id,
                'displayName', v.given || ' ' || v.family, 'active', true,
                'name', jsonb_build_object('givenName', v.given, 'familyName', v.family,
                    'formatted', v.given || ' ' || v.family),
                'emails', jsonb_build_array(
                    jsonb_build_object('value', v.user_name, 'type', 'work', 'primary', true),
                    jsonb_build_object('value', lower(v.given || '.' || v.family) || v.g || '@example.org',
                        'type', 'home')),
                'phoneNumbers', jsonb_build_array(jsonb_build_object(
                    'value', '+1 555 ' || lpad((v.g % 10000000)::text, 7, '0'), 'type', 'work')),
                'title', (ARRAY['Engineer','Senior Engineer','Manager','Director','Analyst','Designer',
                    'Account Executive','Support Specialist'])[1 + v.g % 8],
                'userType', 'Employee', 'locale', 'en-US', 'timezone', 'Europe/Berlin',
                'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', jsonb_build_object(
                    'employeeNumber', 'E' || lpad(v.g::text, 7, '0'),
                    'costCenter', 'CC-' || (100 + v.g % 40),
                    'organization', 'Bench Corp', 'division', 'Division ' || (1 + v.g % 5),
                    'department', (\(unsafeSQL: departments))[1 + v.g % 20],
                    'manager', jsonb_build_object('value',
                        lpad(\(index)::int::text, 8, '0') || '-0000-4000-8000-' || lpad((1 + v.g / 10)::text, 12, '0')))),
            ARRAY[lower(v.user_name), lower(v.given || '.' || v.family) || v.g || '@example.org']
        FROM (SELECT g,
                (lpad(\(index)::int::text, 8, '0') || '-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid AS id,
                'user' || g || '@' || \(host)::text AS user_name, 'ext-' || g AS external_id,
                (\(unsafeSQL: givenNames))[1 + g % 40] AS given,
                (\(unsafeSQL: familyNames))[1 + (g / 40) % 40] AS family
              FROM generate_series(\(from)::int, \(to)::int) g) v
        """
    }

    /// The department groups, the 10-member group and (in the group organization) the big group.
    static func insertGroups(schema: SQLIdentifier, index: Int, dataset shape: GroupShape) -> Query {
        """
        INSERT INTO \(ident: schema).groups (id, display_name, external_id, attributes)
        SELECT (lpad(\(index)::int::text, 8, '0') || '-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid, v.name,
            'grp-' || n,
            jsonb_build_object('schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:Group'),
                'displayName', v.name, 'externalId', 'grp-' || n)
        FROM (SELECT n, CASE
                WHEN n = \(BenchDataset.smallGroupNumber)::int THEN 'Project Falcon'
                WHEN n = \(BenchDataset.bigGroupNumber)::int THEN 'Everyone (bench)'
                WHEN n <= 20 THEN (\(unsafeSQL: departments))[n]
                ELSE (\(unsafeSQL: departments))[1 + (n - 1) % 20] || ' ' || ((n - 1) / 20 + 1) END AS name
              FROM (SELECT generate_series(0, \(shape.groups)::int) AS n
                    UNION ALL SELECT \(BenchDataset.bigGroupNumber)::int WHERE \(shape.big != nil)::boolean) s) v
        """
    }

    /// Memberships: users 1…10 in the 10-member group; each user in department `1 + n % G` and every third
    /// user in a second one; in the group organization users 1…big in the big group.
    static func insertMembers(schema: SQLIdentifier, index: Int, dataset shape: GroupShape) -> Query {
        let prefix = String(repeating: "0", count: max(0, 8 - String(index).count)) + String(index)
        return """
            INSERT INTO \(ident: schema).group_members (group_id, user_id)
            SELECT DISTINCT (\(prefix)::text || '-0000-4000-9000-' || lpad(m.grp::text, 12, '0'))::uuid,
                (\(prefix)::text || '-0000-4000-8000-' || lpad(m.usr::text, 12, '0'))::uuid
            FROM (
                SELECT \(BenchDataset.smallGroupNumber)::int AS grp, u AS usr
                FROM generate_series(1, least(\(BenchDataset.smallGroupSize)::int, \(shape.users)::int)) u
                UNION ALL
                SELECT 1 + u % \(max(1, shape.groups))::int, u FROM generate_series(1, \(shape.users)::int) u
                WHERE \(shape.groups)::int > 0
                UNION ALL
                SELECT 1 + (u / 3 + 7) % \(max(1, shape.groups))::int, u
                FROM generate_series(3, \(shape.users)::int, 3) u WHERE \(shape.groups)::int > 0
                UNION ALL
                SELECT \(BenchDataset.bigGroupNumber)::int, u FROM generate_series(1, \(shape.big ?? 0)::int) u
            ) m
            """
    }
}
