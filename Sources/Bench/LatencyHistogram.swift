/// Request latencies in microseconds, as a log-linear histogram: exact below 512 µs, then each power of
/// two split into 256 buckets (at most 0.4% error), up to 2^40 µs. Fixed size, so each load-generator
/// thread keeps its own and they are merged at the end; the exact minimum, maximum and sum are kept too.
public struct LatencyHistogram: Sendable, Equatable {
    static let linearLimit: UInt64 = 512
    static let subBuckets = 256
    static let maxExponent = 40
    static let bucketCount = Int(linearLimit) + (maxExponent - 9) * subBuckets

    private(set) var buckets: [UInt64]
    /// Recorded values.
    public private(set) var count: UInt64 = 0
    /// Sum of the recorded values (µs).
    public private(set) var sum: UInt64 = 0
    /// Smallest recorded value (µs); 0 when empty.
    public private(set) var min: UInt64 = 0
    /// Largest recorded value (µs).
    public private(set) var max: UInt64 = 0

    /// An empty histogram.
    public init() {
        buckets = [UInt64](repeating: 0, count: Self.bucketCount)
    }

    /// Records one latency of `micros` microseconds.
    public mutating func record(_ micros: UInt64) {
        buckets[Self.bucket(of: micros)] += 1
        min = count == 0 ? micros : Swift.min(min, micros)
        max = Swift.max(max, micros)
        count += 1
        sum &+= micros
    }

    /// Adds every value of `other`.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        for index in buckets.indices { buckets[index] += other.buckets[index] }
        min = count == 0 ? other.min : Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        count += other.count
        sum &+= other.sum
    }

    /// The mean (µs); 0 when empty.
    public var mean: Double { count == 0 ? 0 : Double(sum) / Double(count) }

    /// The value at or below which `percent`% of the values lie (nearest rank), as the upper edge of its
    /// bucket, capped by the exact maximum; 0 when empty.
    public func percentile(_ percent: Double) -> UInt64 {
        guard count > 0 else { return 0 }
        let rank = Swift.max(1, UInt64((percent / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, hits) in buckets.enumerated() where hits > 0 {
            seen += hits
            if seen >= rank { return Swift.min(Swift.max(Self.upperEdge(of: index), min), max) }
        }
        return max
    }

    /// The bucket holding `micros`.
    static func bucket(of micros: UInt64) -> Int {
        if micros < linearLimit { return Int(micros) }
        let exponent = Swift.min(63 - micros.leadingZeroBitCount, maxExponent - 1)
        let shift = UInt64(exponent - 8)
        let sub = Swift.min(Int((micros >> shift) - UInt64(subBuckets)), subBuckets - 1)
        return Int(linearLimit) + (exponent - 9) * subBuckets + sub
    }

    /// The largest value bucket `index` holds.
    static func upperEdge(of index: Int) -> UInt64 {
        if index < Int(linearLimit) { return UInt64(index) }
        let offset = index - Int(linearLimit)
        let exponent = offset / subBuckets + 9
        let sub = UInt64(offset % subBuckets)
        let shift = UInt64(exponent - 8)
        return ((UInt64(subBuckets) + sub + 1) << shift) - 1
    }
}
