import Foundation
import Store
import Testing

/// `SHA256.constantTimeEquals` takes as long when the first byte differs as when only the last does, measured;
/// the same measurement tells an early-exit comparison apart, so it could catch a regression.
@Suite struct ConstantTimeTimingTests {
    /// Nanoseconds per call of each comparison in `batches` rounds of `perBatch` calls, interleaved round by round
    /// (order rotating) so drifts of a shared machine hit every kind alike; one sample per kind and round.
    static func rounds(
        _ kinds: [(name: String, compare: () -> Bool)], batches: Int = 301, perBatch: Int = 2_000
    ) -> [String: [Double]] {
        var samples = [String: [Double]]()
        var sink = false
        for batch in 0..<batches {
            for offset in 0..<kinds.count {
                let kind = kinds[(batch + offset) % kinds.count]
                let started = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<perBatch { sink = sink != kind.compare() }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / Double(perBatch)
                samples[kind.name, default: []].append(elapsed)
            }
        }
        #expect(sink || !sink)
        return samples
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The median of the round-by-round differences `a[i] - b[i]` (paired, so a slow round cancels out).
    static func pairedGap(_ a: [Double], _ b: [Double]) -> Double {
        abs(median(zip(a, b).map { $0 - $1 }))
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
        // Two identical control groups give the noise floor; the bound is three times it, at least 15 % (an
        // early exit differs by several hundred per cent here, so the floor only absorbs a busy machine).
        func check(_ equals: @escaping ([UInt8], [UInt8]) -> Bool) -> (spread: Double, noise: Double) {
            let times = Self.rounds([
                ("first", { equals(stored, firstWrong) }), ("last", { equals(stored, lastWrong) }),
                ("controlA", { equals(stored, other) }), ("controlB", { equals(stored, other) }),
            ])
            let first = times["first"] ?? []
            let last = times["last"] ?? []
            let controlA = times["controlA"] ?? []
            let controlB = times["controlB"] ?? []
            let control = Self.median(controlA + controlB)
            let noise = Self.pairedGap(controlA, controlB) / control
            let spread = Self.pairedGap(first, last) / control
            print(
                String(
                    format: "constant-time check: first byte wrong %.1f ns, last byte wrong %.1f ns, controls %.1f ns"
                        + " / %.1f ns (paired spread %.1f %%, noise %.1f %%)", Self.median(first), Self.median(last),
                    Self.median(controlA), Self.median(controlB), spread * 100, noise * 100))
            return (spread, noise)
        }
        let constant = check(SHA256.constantTimeEquals)
        #expect(constant.spread <= max(3 * constant.noise, 0.15), "constantTimeEquals: \(constant)")
        // The positive control: an early exit is told apart by the same measurement.
        let early = check(Self.earlyExitEquals)
        #expect(early.spread > max(3 * early.noise, 0.15), "the measurement cannot see an early exit: \(early)")
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
