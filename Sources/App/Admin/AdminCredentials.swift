import Foundation
import Store

/// What the admin token unlocks, kept without the token itself: its SHA-256 (to check bearer tokens) and
/// two keys derived from it with HMAC (browser sessions and form tokens).
///
/// Browser sessions: a browser cannot send a bearer header, so signing in with the token on the sign-in
/// form sets the cookie `roster_admin` = `<expiry>.<HMAC(sessionKey, expiry)>`. It is never the token
/// and reveals nothing about it; it expires after ``sessionLifetime``; changing `ROSTER_ADMIN_TOKEN`
/// invalidates every session; every server process with the same token accepts it. Every POST made with
/// the cookie must carry the form token `HMAC(formKey, cookie)`, which only pages served by this
/// listener contain (CSRF defence besides `SameSite=Strict` and the Origin check).
public struct AdminCredentials: Sendable {
    let tokenHash: [UInt8]
    private let sessionKey: [UInt8]
    private let formKey: [UInt8]

    /// Seconds a browser session lasts.
    public static let sessionLifetime = 8 * 3600

    /// Credentials for the admin token `token`.
    public init(token: String) {
        tokenHash = SHA256.hash(Array(token.utf8))
        sessionKey = HMACSHA256.mac(key: Array(token.utf8), message: Array("roster admin session v1".utf8))
        formKey = HMACSHA256.mac(key: Array(token.utf8), message: Array("roster admin form v1".utf8))
    }

    /// Whether `candidate` is the admin token: the SHA-256 digests are compared in constant time, so
    /// neither the comparison's duration nor an early exit reveals how much of a guess was right.
    public func accepts(token candidate: String) -> Bool {
        SHA256.constantTimeEquals(SHA256.hash(Array(candidate.utf8)), tokenHash)
    }

    /// A new session cookie value, valid until `now` + ``sessionLifetime``.
    func makeSession(now: Date = Date()) -> String {
        let expiry = Int(now.timeIntervalSince1970) + Self.sessionLifetime
        return "\(expiry).\(HMACSHA256.hex(key: sessionKey, String(expiry)))"
    }

    /// Whether `cookie` is a session this token issued that has not expired.
    func acceptsSession(_ cookie: String, now: Date = Date()) -> Bool {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count <= 12, let expiry = Int(parts[0]),
            expiry > Int(now.timeIntervalSince1970)
        else { return false }
        let expected = HMACSHA256.hex(key: sessionKey, String(expiry))
        return SHA256.constantTimeEquals(Array(parts[1].utf8), Array(expected.utf8))
    }

    /// The form token that POSTs made with session `cookie` must carry.
    func formToken(for cookie: String) -> String {
        HMACSHA256.hex(key: formKey, cookie)
    }

    /// Whether `token` is the form token of session `cookie`.
    func acceptsFormToken(_ token: String, for cookie: String) -> Bool {
        SHA256.constantTimeEquals(Array(token.utf8), Array(formToken(for: cookie).utf8))
    }
}
