/// Request durations of one route on one worker: a count per bucket (not cumulative; the scrape adds them
/// up), and the sum in nanoseconds. The total count is the sum of the buckets, so the `+Inf` bucket always
/// equals `_count`.
final class MetricsHistogram: Sendable {
    /// Upper bounds (inclusive, Prometheus `le`) in nanoseconds: 0.5 ms to 10 s.
    static let bounds: [Int] = [
        500_000, 1_000_000, 2_500_000, 5_000_000, 10_000_000, 25_000_000, 50_000_000, 100_000_000, 250_000_000,
        500_000_000, 1_000_000_000, 2_500_000_000, 5_000_000_000, 10_000_000_000,
    ]
    /// The `le` label of each bound, written out so no float formatting can change them.
    static let boundLabels = [
        "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10",
    ]

    /// One counter per bound, then one for durations above the last bound.
    let buckets: [MetricsCounter]
    /// The sum of all observed durations, in nanoseconds.
    let sumNanoseconds = MetricsCounter()

    init() {
        buckets = (0...Self.bounds.count).map { _ in MetricsCounter() }
    }

    /// Counts one duration.
    func observe(nanoseconds: Int) {
        let duration = max(0, nanoseconds)
        var index = 0
        // 15 buckets: a linear scan is as fast as a binary search and most requests stop in the first few.
        while index < Self.bounds.count && duration > Self.bounds[index] { index += 1 }
        buckets[index].add()
        sumNanoseconds.add(duration)
    }
}
