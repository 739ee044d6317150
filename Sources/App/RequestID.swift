import Synchronization

/// Request ids: 16 hex digits, unique within the process and unguessable without its secret seed.
///
/// A counter run through SplitMix64's finalizer (a bijection, so no two requests of one process share an
/// id) keyed with a random seed, instead of `getrandom(2)` per request. Ids correlate log lines; they
/// are not secrets.
enum RequestID {
    private static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// The next id.
    static func next() -> String {
        var value = counter.add(1, ordering: .relaxed).newValue &+ seed
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        value ^= value >> 31
        let digits: StaticString = "0123456789abcdef"
        return String(unsafeUninitializedCapacity: 16) { out in
            for index in 0..<16 {
                out[index] = digits.utf8Start[Int(value >> UInt64(60 - 4 * index) & 0xF)]
            }
            return 16
        }
    }
}
