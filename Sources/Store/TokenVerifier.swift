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
///
/// Each worker remembers the tokens it verified for `timeToLive` in its own `Cache` (expiry is still
/// checked on every use), so a busy client costs no query per request and no lock. Any change to a token
/// notifies `roster_tokens`; the `ChangeListener` then calls `invalidateAll()`, which bumps an epoch every
/// cache compares, so a revocation takes effect at once.
public final class TokenVerifier: Sendable {
    private let epoch = Atomic<Int>(0)
    /// When this process last wrote each token's `last_used_at`: consulted only when a worker's own record
    /// says a write is due (once a minute per token and worker), so the lock is off the request path.
    private let processWrites = Mutex<[UUID: ContinuousClock.Instant]>([:])
    /// How long a verification is trusted without a notification (a safety net for a broken listener).
    public let timeToLive: Duration
    /// At most this many verified tokens are remembered per worker.
    public let capacity: Int

    /// A verifier with the given cache bounds.
    public init(timeToLive: Duration = .seconds(300), capacity: Int = 10_000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// Whether this process should write `id`'s `last_used_at` now (at most once a minute).
    func claimWrite(of id: UUID, at now: ContinuousClock.Instant) -> Bool {
        processWrites.withLock { writes in
            if let last = writes[id], now - last < .seconds(60) { return false }
            if writes.count > 100_000 { writes.removeAll() }
            writes[id] = now
            return true
        }
    }

    /// Forgets every verified token in every worker.
    public func invalidateAll() {
        epoch.add(1, ordering: .releasing)
    }

    /// One worker's verified tokens and `last_used_at` writes; never shared between threads.
    public struct Cache {
        struct Verified {
            let principal: Principal
            let expiresAt: Date?
            let verifiedAt: ContinuousClock.Instant
            let epoch: Int
        }

        var verified: [String: Verified] = [:]
        var lastWrites: [UUID: ContinuousClock.Instant] = [:]

        /// An empty cache.
        public init() {}

        /// The principal of `secret` in `tenant`, or nil when the token is unknown, revoked or expired.
        ///
        /// Only the SHA-256 of the secret is sent to the database; the stored hash is compared again here
        /// in constant time.
        public mutating func verify(
            _ secret: String, in tenant: Tenant, with verifier: TokenVerifier, on connection: Connection
        ) throws(PostgresError) -> Principal? {
            let presented = Secret(value: secret)
            let hashHex = SHA256.hex(presented.hash)
            // The key includes the schema: a token is valid only in its own organization.
            let key = tenant.schema.name + ":" + hashHex
            let now = ContinuousClock.now
            let epoch = verifier.epoch.load(ordering: .acquiring)
            if let cached = verified[key], cached.epoch == epoch, now - cached.verifiedAt < verifier.timeToLive {
                guard cached.expiresAt.map({ $0 > Date() }) ?? true else { return nil }
                if let id = cached.principal.tokenID {
                    recordUse(of: id, in: tenant, with: verifier, on: connection, now: now)
                }
                return cached.principal
            }
            let rows = try connection.query(
                """
                SELECT id, encode(token_hash, 'hex'), scopes, expires_at,
                       revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
                FROM \(ident: tenant.schema).api_tokens WHERE token_hash = \(presented.hashLiteral)::bytea
                """)
            guard let row = rows.first else { return nil }
            let storedHex: String = try row.decode(at: 1)
            guard SHA256.constantTimeEquals(Array(storedHex.utf8), Array(hashHex.utf8)),
                try row.decode(Bool.self, at: 4)
            else { return nil }
            let id: UUID = try row.decode(at: 0)
            let scopes: [String] = try row.decode(at: 2)
            let principal = Principal(tokenID: id, scopes: Set(scopes))
            if verified.count >= verifier.capacity { verified.removeAll(keepingCapacity: true) }
            verified[key] = Verified(
                principal: principal, expiresAt: try row.decode(at: 3), verifiedAt: now, epoch: epoch)
            recordUse(of: id, in: tenant, with: verifier, on: connection, now: now)
            return principal
        }

        /// Writes `last_used_at` at most once a minute per token and worker.
        private mutating func recordUse(
            of id: UUID, in tenant: Tenant, with verifier: TokenVerifier, on connection: Connection,
            now: ContinuousClock.Instant
        ) {
            if let last = lastWrites[id], now - last < .seconds(60) { return }
            if lastWrites.count > 10_000 { lastWrites.removeAll() }
            lastWrites[id] = now
            guard verifier.claimWrite(of: id, at: now) else { return }
            // Usage metadata: not worth waiting for a disk flush on the request path, nor failing the request
            // over (a broken connection shows on the request's own next statement).
            _ = try? connection.withTransaction { conn in
                try conn.execute("SET LOCAL synchronous_commit TO off")
                try conn.execute(
                    """
                    UPDATE \(ident: tenant.schema).api_tokens SET last_used_at = now()
                    WHERE id = \(id) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
                    """)
            }
        }
    }
}
