import Foundation
import Postgres

extension ControlPlane {
    /// Creates a sign-in session for a user (as the product's sign-in flow would) and returns its secret,
    /// which is shown once and stored only hashed. Refused for an unknown or deactivated user.
    public func createSession(_ slug: Slug, userName: String, days: Int = 30) throws(StoreError) -> Secret {
        let secret = Secret.generate(prefix: "rs_")
        return try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            let rows = try conn.query(
                "SELECT id, active FROM \(ident: org.schema).users WHERE lower(user_name) = lower(\(userName))")
            guard let row = rows.first else {
                throw StoreError.notFound("no user '\(userName.prefix(100))' in organization '\(slug)'")
            }
            guard try row.decode(Bool.self, at: 1) else {
                throw StoreError.refused("user '\(userName.prefix(100))' is deactivated and cannot sign in")
            }
            let userID: UUID = try row.decode(at: 0)
            try conn.execute(
                """
                INSERT INTO \(ident: org.schema).sessions (user_id, token_hash, expires_at)
                VALUES (\(userID), \(secret.hashLiteral)::bytea, now() + make_interval(days => \(days)))
                """)
            return secret
        }
    }
}

/// Looks up product sign-in sessions by their secret.
public enum SessionLookup {
    /// The signed-in user of a live session (`id`, `userName`), or nil when the session is unknown,
    /// expired, or its user is deactivated (deactivation deletes sessions).
    public static func user(forSecret secret: String, in tenant: Tenant, on connection: Connection)
        throws(PostgresError) -> (id: UUID, userName: String)?
    {
        let rows = try connection.query(
            """
            SELECT u.id, u.user_name FROM \(ident: tenant.schema).sessions s
            JOIN \(ident: tenant.schema).users u ON u.id = s.user_id
            WHERE s.token_hash = \(Secret(value: secret).hashLiteral)::bytea
              AND (s.expires_at IS NULL OR s.expires_at > now()) AND u.active
            """)
        guard let row = rows.first else { return nil }
        return (try row.decode(at: 0), try row.decode(at: 1))
    }
}
