import Synchronization

/// One counter cell: written by the one worker that owns it (a relaxed atomic add, no lock, no shared cache
/// line with other workers) and read by the scrape.
final class MetricsCounter: Sendable {
    private let count = Atomic<Int>(0)

    /// A counter at zero.
    init() {}

    /// Adds `amount`.
    @inline(__always)
    func add(_ amount: Int = 1) {
        count.wrappingAdd(amount, ordering: .relaxed)
    }

    /// The current value.
    var value: Int { count.load(ordering: .relaxed) }
}
