import Foundation
import Postgres

extension ControlPlane {
    /// Creates an API token and returns it with its secret, which is shown once and stored only hashed.
    ///
    /// Refused unless the organization is on the Enterprise plan and has the `api-beta` flag.
    public func createToken(
        _ slug: Slug, name: String, description: String = "", scopes: [TokenScope], expiresInDays: Int? = nil
    ) throws(StoreError) -> (token: APIToken, secret: Secret) {
        let name = name.trimmingCharacters(in: .whitespaces)
        guard (1...200).contains(name.count), !name.unicodeScalars.contains(where: { $0.value < 32 }) else {
            throw .invalid("invalid token name: use 1-200 printable characters")
        }
        guard description.count <= 1000 else { throw .invalid("invalid description: at most 1000 characters") }
        guard !scopes.isEmpty else { throw .invalid("a token needs at least one --scope") }
        if let days = expiresInDays, !(1...3650).contains(days) {
            throw .invalid("invalid --expires-in: use 1-3650 days")
        }
        let secret = Secret.generate()
        let scopeNames = Array(Set(scopes.map(\.rawValue))).sorted()
        return try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            guard org.plan == .enterprise else {
                throw StoreError.refused(
                    "organization '\(slug)' is on the \(org.plan.rawValue) plan: API tokens require the Enterprise plan"
                )
            }
            let beta = try conn.query(
                "SELECT 1 FROM roster.feature_flags WHERE org_id = \(org.id) AND flag = \(FeatureFlag.apiBeta.rawValue)"
            )
            guard beta.count == 1 else {
                throw StoreError.refused(
                    "organization '\(slug)' has not opted into the API beta: run 'roster org flag set \(slug) api-beta'"
                )
            }
            let rows = try conn.query(
                """
                INSERT INTO \(ident: org.schema).api_tokens (name, description, scopes, token_hash, prefix, expires_at)
                VALUES (\(name), \(description), \(scopeNames), \(secret.hashLiteral)::bytea, \(secret.displayPrefix),
                        now() + make_interval(days => \(expiresInDays)))
                RETURNING \(unsafeSQL: Self.tokenColumns)
                """)
            guard let row = rows.first else { throw StoreError.invalid("token was not created") }
            return (try Self.token(from: row), secret)
        }
    }

    /// Every token of an organization, newest first. Never includes a secret.
    public func listTokens(_ slug: Slug) throws(StoreError) -> [APIToken] {
        try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            let rows = try conn.query(
                """
                SELECT \(unsafeSQL: Self.tokenColumns) FROM \(ident: org.schema).api_tokens
                ORDER BY created_at DESC, id
                """)
            return try rows.rows.map(Self.token(from:))
        }
    }

    /// Revokes a token at once; revoking it again is harmless.
    public func revokeToken(_ slug: Slug, id: UUID) throws(StoreError) -> APIToken {
        try transaction { conn in
            let org = try lockOrganization(slug, on: conn)
            let rows = try conn.query(
                """
                UPDATE \(ident: org.schema).api_tokens SET revoked_at = coalesce(revoked_at, now())
                WHERE id = \(id) RETURNING \(unsafeSQL: Self.tokenColumns)
                """)
            guard let row = rows.first else {
                throw StoreError.notFound("no token \(id.lowercasedString) in organization '\(slug)'")
            }
            return try Self.token(from: row)
        }
    }

    static let tokenColumns =
        "id, name, description, scopes, prefix, created_at, last_used_at, expires_at, revoked_at"

    static func token(from row: PostgresRow) throws -> APIToken {
        APIToken(
            id: try row.decode(at: 0), name: try row.decode(at: 1), description: try row.decode(at: 2),
            scopes: try row.decode(at: 3), prefix: try row.decode(at: 4), createdAt: try row.decode(at: 5),
            lastUsedAt: try row.decode(at: 6), expiresAt: try row.decode(at: 7), revokedAt: try row.decode(at: 8))
    }
}
