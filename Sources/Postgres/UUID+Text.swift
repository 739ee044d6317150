import Foundation

extension UUID {
    /// Parses the 36-character text form `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (either case); nil for
    /// anything else. Foundation's `UUID(uuidString:)` goes through `sscanf`, which showed up at 5% of a
    /// `GET /Users/{id}` in callgrind.
    public init?(text: some StringProtocol) {
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed =
            text.utf8.withContiguousStorageIfAvailable { Self.parse($0, into: &bytes) }
            ?? Self.parse(Array(text.utf8)[...], into: &bytes)
        guard parsed else { return nil }
        self.init(uuid: bytes)
    }

    /// The lower-case text form, as PostgreSQL prints a `uuid` and as SCIM ids are written.
    public var lowercasedString: String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: uuid) { raw in
            String(unsafeUninitializedCapacity: 36) { out in
                var position = 0
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 {
                        out[position] = UInt8(ascii: "-")
                        position += 1
                    }
                    out[position] = digits.utf8Start[Int(byte >> 4)]
                    out[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                    position += 2
                }
                return position
            }
        }
    }

    private static func parse<C: Collection<UInt8>>(_ text: C, into bytes: inout uuid_t) -> Bool
    where C.Index == Int {
        guard text.count == 36 else { return false }
        let start = text.startIndex
        for dash in [8, 13, 18, 23] where text[start + dash] != UInt8(ascii: "-") { return false }
        return withUnsafeMutableBytes(of: &bytes) { out in
            var position = start
            for index in 0..<16 {
                if position - start == 8 || position - start == 13 || position - start == 18
                    || position - start == 23
                {
                    position += 1
                }
                guard let high = hexValue(text[position]), let low = hexValue(text[position + 1]) else {
                    return false
                }
                out[index] = high << 4 | low
                position += 2
            }
            return true
        }
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
