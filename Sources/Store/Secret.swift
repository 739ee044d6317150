/// A newly generated bearer secret (API token or session), shown once and stored only as its hash.
public struct Secret: Sendable {
    /// The full secret, e.g. `roster_4fJ…`. Print it once; never log or store it.
    public let value: String

    /// 32 bytes (256 bits) from the system RNG (`getrandom`), base62-encoded after `prefix`.
    public static func generate(prefix: String = "roster_") -> Secret {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        // 43 base62 digits carry 256 bits; rejection sampling keeps every digit uniform.
        var digits: [UInt8] = []
        digits.reserveCapacity(43)
        while digits.count < 43 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            if byte < 248 { digits.append(alphabet[Int(byte % 62)]) }
        }
        return Secret(value: prefix + String(decoding: digits, as: UTF8.self))
    }

    /// Wraps a secret received from a client.
    public init(value: String) {
        self.value = value
    }

    /// The SHA-256 of the secret: what the database keeps.
    public var hash: [UInt8] { SHA256.hash(value) }

    /// The hash as PostgreSQL `bytea` hex input (`\x…`).
    public var hashLiteral: String { "\\x" + SHA256.hex(hash) }

    /// The first characters, safe to display: the `roster_` marker and 4 characters of the random part.
    public var displayPrefix: String { String(value.prefix(11)) }
}
