import Dispatch
import Synchronization

/// The server's live counters, updated with atomics from the event loop and the workers.
final class ServerCounters: Sendable {
    let openConnections = Atomic<Int>(0)
    let acceptedConnections = Atomic<Int>(0)
    let rejectedConnections = Atomic<Int>(0)
    let queuedRequests = Atomic<Int>(0)
    let busyWorkers = Atomic<Int>(0)
    let requestsServed = Atomic<Int>(0)
    let overloadResponses = Atomic<Int>(0)
    let errorResponses = Atomic<Int>(0)
    let timedOutRequests = Atomic<Int>(0)
    let homeJobs = Atomic<Int>(0)
    let sharedJobs = Atomic<Int>(0)
    let stolenJobs = Atomic<Int>(0)
    /// Set when graceful shutdown begins; workers then write `Connection: close`.
    let isDraining = Atomic<Bool>(false)
    /// Entered per worker thread, left when it exits.
    let workerThreads = DispatchGroup()

    /// A snapshot of the counters.
    var snapshot: HTTPServerStats {
        HTTPServerStats(
            openConnections: openConnections.load(ordering: .relaxed),
            acceptedConnections: acceptedConnections.load(ordering: .relaxed),
            rejectedConnections: rejectedConnections.load(ordering: .relaxed),
            queuedRequests: queuedRequests.load(ordering: .relaxed),
            busyWorkers: busyWorkers.load(ordering: .relaxed),
            requestsServed: requestsServed.load(ordering: .relaxed),
            overloadResponses: overloadResponses.load(ordering: .relaxed),
            errorResponses: errorResponses.load(ordering: .relaxed),
            timedOutRequests: timedOutRequests.load(ordering: .relaxed),
            homeJobs: homeJobs.load(ordering: .relaxed), sharedJobs: sharedJobs.load(ordering: .relaxed),
            stolenJobs: stolenJobs.load(ordering: .relaxed))
    }
}

extension Atomic where Value == Int {
    /// Adds `amount` with relaxed ordering: the counters are statistics, not synchronization.
    @inline(__always)
    func bump(_ amount: Int = 1) {
        add(amount, ordering: .relaxed)
    }
}
