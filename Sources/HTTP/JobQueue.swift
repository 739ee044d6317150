import Dispatch

/// The bounded hand-off queue between the event loop and the workers (FIFO).
///
/// A lock guards a fixed ring of slots; a counting semaphore wakes one waiting worker per job (and
/// every worker on ``close()``). ``tryEnqueue(_:)`` never blocks: a full queue is the caller's `503`.
final class JobQueue: Sendable {
    private struct Ring: Sendable {
        var slots: [Job?]
        var head = 0
        var count = 0
        var isClosed = false
    }

    private let ring: LockedValue<Ring>
    private let available = DispatchSemaphore(value: 0)
    private let counters: ServerCounters
    private let wakeCount: Int

    /// Creates a queue holding at most `capacity` jobs; ``close()`` wakes `workerCount` waiters.
    init(capacity: Int, workerCount: Int, counters: ServerCounters) {
        ring = LockedValue(Ring(slots: Array(repeating: nil, count: max(1, capacity))))
        self.counters = counters
        self.wakeCount = workerCount
    }

    /// Adds `job` unless the queue is full or closed.
    func tryEnqueue(_ job: Job) -> Bool {
        let accepted = ring.withLock { ring -> Bool in
            guard !ring.isClosed, ring.count < ring.slots.count else { return false }
            ring.slots[(ring.head + ring.count) % ring.slots.count] = job
            ring.count += 1
            counters.queuedRequests.bump()
            return true
        }
        if accepted {
            available.signal()
        }
        return accepted
    }

    /// Waits for the next job; `nil` once the queue is closed.
    func dequeue() -> Job? {
        while true {
            available.wait()
            let next = ring.withLock { ring -> (job: Job?, closed: Bool) in
                if ring.isClosed { return (nil, true) }
                guard ring.count > 0 else { return (nil, false) }
                let job = ring.slots[ring.head]
                ring.slots[ring.head] = nil
                ring.head = (ring.head + 1) % ring.slots.count
                ring.count -= 1
                counters.queuedRequests.bump(-1)
                return (job, false)
            }
            if next.closed { return nil }
            if let job = next.job { return job }
        }
    }

    /// Closes the queue: queued jobs are dropped and every worker's ``dequeue()`` returns `nil`.
    func close() {
        ring.withLock { ring in
            ring.isClosed = true
            counters.queuedRequests.bump(-ring.count)
            ring.slots = ring.slots.map { _ in nil }
            ring.count = 0
        }
        for _ in 0..<wakeCount { available.signal() }
    }
}
