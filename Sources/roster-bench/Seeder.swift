import Foundation
import Postgres
import Store

/// Seeds organizations with users, set-based (one INSERT … SELECT generate_series per organization), and
/// writes one line per organization (`host token`) for the load generator.
enum Seeder {
    static func run(databaseURL: String, organizations: Int, users: Int, prefix: String, output: String) throws {
        let connection = try Connection(databaseURL)
        try Migrator(connection: connection).migrate()
        let plane = ControlPlane(connection: connection)
        var lines: [String] = []
        let started = ContinuousClock.now
        for index in 0..<organizations {
            let slug = try Slug("\(prefix)-\(index)")
            let host = "\(prefix)-\(index).bench.test"
            _ = try plane.createOrganization(
                slug: slug, name: "Bench \(index)", plan: .enterprise, hosts: [HostName(host)])
            _ = try plane.setFlag(slug, .apiBeta)
            let secret = try plane.createToken(slug, name: "bench", scopes: [.scim]).secret
            // Safe: slugs map to valid schema names.
            let schema = SQLIdentifier(slug.schemaName)!
            try connection.execute(
                """
                INSERT INTO \(ident: schema).users (user_name, external_id, display_name, attributes, email_values)
                SELECT 'user' || g || '@' || \(host), 'ext-' || g, 'User ' || g,
                       jsonb_build_object(
                           'schemas', jsonb_build_array('urn:ietf:params:scim:schemas:core:2.0:User'),
                           'userName', 'user' || g || '@' || \(host), 'externalId', 'ext-' || g,
                           'displayName', 'User ' || g, 'active', true,
                           'name', jsonb_build_object('givenName', 'Given' || g, 'familyName', 'Family' || (g % 997)),
                           'emails', jsonb_build_array(jsonb_build_object(
                               'value', 'user' || g || '@' || \(host), 'type', 'work', 'primary', true)),
                           'title', 'Title ' || (g % 50)),
                       ARRAY['user' || g || '@' || \(host)]
                FROM generate_series(1, \(users)) g
                """)
            try connection.execute("ANALYZE \(ident: schema).users")
            lines.append("\(host) \(secret.value)")
            if (index + 1) % 50 == 0 || index + 1 == organizations {
                let elapsed = ContinuousClock.now - started
                FileHandle.standardError.write(
                    Data("seeded \(index + 1)/\(organizations) organizations × \(users) users in \(elapsed)\n".utf8))
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
