import Store

/// HMAC-SHA-256 (RFC 2104) over the project's SHA-256: derives the admin listener's cookie and form keys.
enum HMACSHA256 {
    /// The 32-byte MAC of `message` under `key`.
    static func mac(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        let blockSize = 64
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + Array(message))
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }

    /// The MAC of a text message as lower-case hex.
    static func hex(key: [UInt8], _ message: String) -> String {
        SHA256.hex(mac(key: key, message: Array(message.utf8)))
    }
}
