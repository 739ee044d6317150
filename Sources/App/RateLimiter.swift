import Synchronization

/// Per-organization rate limits (a token bucket, as the generic cell rate algorithm): each organization
/// may make `rate` SCIM requests a second with bursts of up to twice that; beyond it `429` with
/// `Retry-After`. One organization flooding never takes another organization's tokens.
///
/// Each organization has one `Cell` per process, holding its "theoretical arrival time" in an atomic, so
/// admitting a request is one compare-and-swap and no lock. Workers find cells through their own cache and
/// take the registry lock only the first time they meet an organization.
final class RateLimiter: Sendable {
    /// One organization's bucket.
    final class Cell: Sendable {
        /// Nanoseconds (monotonic clock) at which the bucket will be full again.
        let theoreticalArrival = Atomic<Int64>(0)

        /// Admits one request at `now` for `rate` requests per second with a burst of `burst`; returns nil when
        /// admitted, otherwise the nanoseconds until a request would be.
        func admit(now: Int64, rate: Int, burst: Int) -> Int64? {
            let interval = 1_000_000_000 / Int64(max(1, rate))
            let tolerance = interval * Int64(max(1, burst) - 1)
            var current = theoreticalArrival.load(ordering: .relaxed)
            while true {
                let start = max(current, now)
                if start - now > tolerance { return start - now - tolerance }
                let (exchanged, original) = theoreticalArrival.compareExchange(
                    expected: current, desired: start + interval, ordering: .relaxed)
                if exchanged { return nil }
                current = original
            }
        }
    }

    /// Requests per second for organizations without their own limit; 0 turns rate limiting off.
    let defaultRate: Int
    private let cells = Mutex<[Int64: Cell]>([:])

    init(defaultRate: Int) {
        self.defaultRate = defaultRate
    }

    /// The cell of an organization (created on first use).
    func cell(for organization: Int64) -> Cell {
        cells.withLock { cells in
            if let cell = cells[organization] { return cell }
            let cell = Cell()
            cells[organization] = cell
            return cell
        }
    }

    /// Nanoseconds now on the monotonic clock.
    static func now() -> Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    private static let start = ContinuousClock.now
}
