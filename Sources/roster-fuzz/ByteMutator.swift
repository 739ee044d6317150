/// Byte-level damage: flipped, inserted, deleted, duplicated and truncated bytes, including the bytes that
/// matter to HTTP and UTF-8 (CR, LF, NUL, colon, space, 0xFF, overlong and surrogate sequences).
enum ByteMutator {
    static let interesting: [[UInt8]] = [
        [0x0D], [0x0A], [0x0D, 0x0A], [0x00], [0x20], [0x3A], [0x22], [0x5C], [0x7B], [0x7D], [0x5B], [0x5D],
        [0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xC3], [0xF4, 0x90, 0x80, 0x80],
        Array("\\u0000".utf8), Array("\\ud800".utf8), Array("%00".utf8), Array("\r\n\r\n".utf8),
        Array("0\r\n\r\n".utf8),
    ]

    /// 1–4 random damages to `bytes`.
    static func damage(_ bytes: inout [UInt8], _ rng: inout SplitMix64) {
        for _ in 0..<rng.int(1...4) {
            let position = rng.below(bytes.count + 1)
            switch rng.below(7) {
            case 0 where position < bytes.count: bytes[position] ^= UInt8(1) << UInt8(rng.below(8))
            case 1 where position < bytes.count: bytes[position] = rng.byte()
            case 2: bytes.insert(contentsOf: rng.pick(interesting), at: position)
            case 3 where position < bytes.count:
                bytes.removeSubrange(position..<min(bytes.count, position + rng.int(1...16)))
            case 4 where position < bytes.count:
                let end = min(bytes.count, position + rng.int(1...64))
                bytes.insert(contentsOf: Array(bytes[position..<end]), at: end)
            case 5: bytes.removeSubrange(position..<bytes.count)
            default: bytes.insert(rng.byte(), at: position)
            }
        }
    }
}
