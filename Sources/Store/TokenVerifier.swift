import Foundation
import Postgres
import Synchronization

/// Who a request acts as, once its bearer token checked out.
public struct Principal: Sendable, Equatable {
    /// The API token's id; nil for the legacy `SCIM_AUTH_TOKEN`.
    public let tokenID: UUID?
    /// What the token may do.
    public let scopes: Set<String>

    /// Creates a principal.
    public init(tokenID: UUID?, scopes: Set<String>) {
        self.tokenID = tokenID
        self.scopes = scopes
    }

    /// Whether the token carries `scope`.
    public func allows(_ scope: TokenScope) -> Bool { scopes.contains(scope.rawValue) }
}

/// Checks bearer tokens against the hashes in a tenant's schema, and keeps `last_used_at` current to
/// the minute without a database write per request.
public final class TokenVerifier: Sendable {
    /// When each token's `last_used_at` was last written by this process.
    private let lastWrites = Mutex<[UUID: ContinuousClock.Instant]>([:])

    /// A verifier.
    public init() {}

    /// The principal of `secret` in `tenant`, or nil when the token is unknown, revoked or expired.
    ///
    /// Only the SHA-256 of the secret is sent to the database; the stored hash is compared again here
    /// in constant time.
    public func verify(_ secret: String, in tenant: Tenant, on connection: Connection) throws(PostgresError)
        -> Principal?
    {
        let presented = Secret(value: secret)
        let rows = try connection.query(
            """
            SELECT id, encode(token_hash, 'hex'), scopes,
                   revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            FROM \(ident: tenant.schema).api_tokens WHERE token_hash = \(presented.hashLiteral)::bytea
            """)
        guard let row = rows.first else { return nil }
        let storedHex: String = try row.decode(at: 1)
        guard SHA256.constantTimeEquals(Array(storedHex.utf8), Array(SHA256.hex(presented.hash).utf8)),
            try row.decode(Bool.self, at: 3)
        else { return nil }
        let id: UUID = try row.decode(at: 0)
        let scopes: [String] = try row.decode(at: 2)
        try recordUse(of: id, in: tenant, on: connection)
        return Principal(tokenID: id, scopes: Set(scopes))
    }

    /// Writes `last_used_at` at most once a minute per token and process.
    private func recordUse(of id: UUID, in tenant: Tenant, on connection: Connection) throws(PostgresError) {
        let now = ContinuousClock.now
        let due = lastWrites.withLock { writes -> Bool in
            if let last = writes[id], now - last < .seconds(60) { return false }
            if writes.count > 100_000 { writes.removeAll() }
            writes[id] = now
            return true
        }
        guard due else { return }
        try connection.execute(
            """
            UPDATE \(ident: tenant.schema).api_tokens SET last_used_at = now()
            WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            """)
    }
}
