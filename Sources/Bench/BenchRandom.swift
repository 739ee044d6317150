/// A small, fast, seedable random generator (SplitMix64): each load-generator connection owns one, seeded
/// from `--seed` and its index, so a run's request sequence is reproducible.
public struct BenchRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for `seed` and `stream` (the connection index).
    public init(seed: UInt64, stream: Int) {
        state = seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(truncatingIfNeeded: stream) &* 0xBF58_476D_1CE4_E5B9 &+ 1
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }
}
