/// A small deterministic random generator (SplitMix64): the same seed gives the same sequence on every
/// machine and Swift version, unlike `SystemRandomNumberGenerator` or the standard library's shuffles.
struct SplitMix64 {
    private var state: UInt64

    /// A generator for `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The generator of case `index` of a run seeded with `seed`: every case is reproducible on its own.
    init(seed: UInt64, case index: Int) {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `range` (the tiny modulo bias does not matter for fuzzing).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        if width == 0 { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next() % width)
    }

    /// A uniform integer in `0..<bound` (0 when `bound` is 0).
    mutating func below(_ bound: Int) -> Int {
        bound <= 0 ? 0 : Int(next() % UInt64(bound))
    }

    /// True with probability `percent` / 100.
    mutating func percent(_ percent: Int) -> Bool {
        below(100) < percent
    }

    /// A random element of a non-empty array.
    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// A random byte.
    mutating func byte() -> UInt8 {
        UInt8(truncatingIfNeeded: next())
    }
}
