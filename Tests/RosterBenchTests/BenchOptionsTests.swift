import Testing

@testable import Bench

@Suite struct BenchOptionsTests {
    @Test func placeholder() {}
}
