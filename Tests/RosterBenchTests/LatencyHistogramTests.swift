import Testing

@testable import Bench

@Suite struct LatencyHistogramTests {
    @Test func exactBelowFiveHundredTwelveMicroseconds() {
        var histogram = LatencyHistogram()
        for value in 1...100 { histogram.record(UInt64(value)) }
        #expect(histogram.percentile(50) == 50)
        #expect(histogram.percentile(90) == 90)
        #expect(histogram.percentile(99) == 99)
        #expect(histogram.percentile(100) == 100)
        #expect(histogram.min == 1 && histogram.max == 100)
        #expect(histogram.mean == 50.5)
    }

    @Test func withinHalfAPercentAboveIt() {
        var histogram = LatencyHistogram()
        let values: [UInt64] = (1...10_000).map { UInt64($0) * 37 }
        for value in values.shuffled() { histogram.record(value) }
        for percent in [50.0, 90, 99, 99.9] {
            let exact = Double(values[Int((percent / 100 * Double(values.count)).rounded(.up)) - 1])
            let estimate = Double(histogram.percentile(percent))
            #expect(estimate >= exact && estimate <= exact * 1.005, "p\(percent): \(estimate) vs \(exact)")
        }
        #expect(histogram.percentile(100) == values.last)
    }

    @Test func bucketsCoverEveryValueInOrder() {
        var previous = -1
        for value: UInt64 in [0, 1, 511, 512, 513, 1023, 1024, 4_096, 1_000_000, 60_000_000, UInt64(1) << 45] {
            let bucket = LatencyHistogram.bucket(of: value)
            #expect(bucket >= previous && bucket < LatencyHistogram.bucketCount)
            #expect(value >= UInt64(1) << 40 || LatencyHistogram.upperEdge(of: bucket) >= value)
            previous = bucket
        }
    }

    @Test func mergingEqualsRecordingTogether() {
        var left = LatencyHistogram()
        var right = LatencyHistogram()
        var both = LatencyHistogram()
        for value in stride(from: UInt64(3), to: 90_000, by: 97) {
            if value % 2 == 0 { left.record(value) } else { right.record(value) }
            both.record(value)
        }
        left.merge(right)
        #expect(left == both)
        #expect(LatencyHistogram().percentile(99) == 0)
    }
}
