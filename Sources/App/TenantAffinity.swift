import HTTP

/// The affinity key of a request: its organization, as a hash of the `Host` header's name (ASCII
/// case-folded, port and trailing dot ignored), so that one worker, and therefore one database session,
/// answers most of an organization's requests (see `HTTP.JobSchedule`). Nil without a Host header.
enum TenantAffinity {
    @Sendable
    static func key(_ request: HTTPRequest) -> UInt64? {
        guard let host = request.headers.first("Host") else { return nil }
        // FNV-1a, 64-bit: cheap on the event loop, and spreads similar names (org-1, org-2) well enough.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var pending: UInt8? = nil
        for byte in host.utf8 {
            if byte == UInt8(ascii: ":") { break }
            if let previous = pending {
                hash = (hash ^ UInt64(previous)) &* 0x100_0000_01b3
            }
            pending = byte >= 65 && byte <= 90 ? byte | 0x20 : byte
        }
        if let last = pending, last != UInt8(ascii: ".") {
            hash = (hash ^ UInt64(last)) &* 0x100_0000_01b3
        }
        // Mix the high bits down: the scheduler takes the key modulo a small worker count.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
