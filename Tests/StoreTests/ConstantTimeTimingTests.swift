import Foundation
import Store
import Testing

/// `SHA256.constantTimeEquals` takes as long when the first byte differs as when only the last does, measured;
/// the same measurement tells an early-exit comparison apart, so it could catch a regression.
@Suite struct ConstantTimeTimingTests {
    /// Median nanoseconds of `batches` batches of `perBatch` calls of each comparison, interleaved batch by batch
    /// so drifts of a shared machine hit every kind alike.
    static func medians(
        _ kinds: [(name: String, compare: () -> Bool)], batches: Int = 201, perBatch: Int = 2_000
    ) -> [String: Double] {
        var samples = [String: [Double]]()
        var sink = false
        for batch in 0..<batches {
            // Rotate the order so no kind always runs first.
            for offset in 0..<kinds.count {
                let kind = kinds[(batch + offset) % kinds.count]
                let started = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<perBatch { sink = sink != kind.compare() }
                samples[kind.name, default: []].append(Double(DispatchTime.now().uptimeNanoseconds - started))
            }
        }
        #expect(sink || !sink)
        return samples.mapValues { $0.sorted()[$0.count / 2] / Double(perBatch) }
    }

    /// A comparison that returns at the first difference (what must not be used on secrets).
    static func earlyExitEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for index in lhs.indices where lhs[index] != rhs[index] { return false }
        return true
    }

    @Test func takesTheSameTimeWhereverTheFirstDifferenceIs() {
        let stored = SHA256.hash("roster_" + String(repeating: "k", count: 43))
        var firstWrong = stored
        firstWrong[0] ^= 0x01
        var lastWrong = stored
        lastWrong[31] ^= 0x01
        let other = SHA256.hash("another token")
        // Two identical control groups give the noise floor; the bound is three times it, at least 3 %.
        func check(_ equals: @escaping ([UInt8], [UInt8]) -> Bool) -> (spread: Double, noise: Double) {
            let times = Self.medians([
                ("first", { equals(stored, firstWrong) }), ("last", { equals(stored, lastWrong) }),
                ("controlA", { equals(stored, other) }), ("controlB", { equals(stored, other) }),
            ])
            let control = ((times["controlA"] ?? 0) + (times["controlB"] ?? 0)) / 2
            let noise = abs((times["controlA"] ?? 0) - (times["controlB"] ?? 0)) / control
            let spread = abs((times["first"] ?? 0) - (times["last"] ?? 0)) / control
            print(
                String(
                    format: "constant-time check: first byte wrong %.1f ns, last byte wrong %.1f ns, controls %.1f ns"
                        + " / %.1f ns (spread %.1f %%, noise %.1f %%)", times["first"] ?? 0, times["last"] ?? 0,
                    times["controlA"] ?? 0, times["controlB"] ?? 0, spread * 100, noise * 100))
            return (spread, noise)
        }
        let constant = check(SHA256.constantTimeEquals)
        #expect(constant.spread <= max(3 * constant.noise, 0.03), "constantTimeEquals: \(constant)")
        // The positive control: an early exit is told apart by the same measurement.
        let early = check(Self.earlyExitEquals)
        #expect(early.spread > max(3 * early.noise, 0.03), "the measurement cannot see an early exit: \(early)")
    }

    @Test func comparesEqualAndUnequalCorrectly() {
        let a = SHA256.hash("a")
        #expect(SHA256.constantTimeEquals(a, a))
        for index in a.indices {
            var b = a
            b[index] ^= 0x80
            #expect(!SHA256.constantTimeEquals(a, b), "difference at byte \(index)")
        }
        #expect(!SHA256.constantTimeEquals(a, []))
        #expect(SHA256.constantTimeEquals([], []))
    }
}
