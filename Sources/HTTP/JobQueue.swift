import Dispatch

/// The bounded hand-off queue between the event loop and the workers.
///
/// A lock guards the ``JobSchedule`` (home queues per worker for requests with an affinity key, a shared
/// FIFO for the rest); each worker sleeps on its own semaphore and is woken only when it has work (or a
/// steal timer to arm). ``tryEnqueue(_:affinity:)`` never blocks: a full queue is the caller's `503`.
final class JobQueue: Sendable {
    private let schedule: LockedValue<JobSchedule>
    private let wakeups: [DispatchSemaphore]
    private let counters: ServerCounters

    /// Creates a queue holding at most `capacity` jobs for `workerCount` workers; a worker's home queue
    /// holds at most `homeDepth` jobs (0 turns affinity off).
    init(
        capacity: Int, workerCount: Int, counters: ServerCounters, homeDepth: Int = 0,
        stealAfter: Duration = .milliseconds(20)
    ) {
        let schedule = JobSchedule(
            capacity: capacity, workerCount: workerCount, homeDepth: homeDepth, stealAfter: stealAfter)
        self.schedule = LockedValue(schedule)
        wakeups = (0..<schedule.workerCount).map { _ in DispatchSemaphore(value: 0) }
        self.counters = counters
    }

    /// Adds `job` unless the queue is full or closed; `affinity` picks its home worker.
    func tryEnqueue(_ job: Job, affinity: UInt64? = nil) -> Bool {
        let now = ContinuousClock.now
        let (accepted, wake) = schedule.withLock { $0.enqueue(job, affinity: affinity, now: now) }
        guard accepted else { return false }
        counters.queuedRequests.bump()
        if let wake { wakeups[wake].signal() }
        return true
    }

    /// Waits for worker `worker`'s next job; `nil` once the queue is closed.
    func dequeue(worker: Int) -> Job? {
        while true {
            let next = schedule.withLock { $0.dequeue(worker: worker, now: ContinuousClock.now) }
            switch next {
            case .run(let job, let placement):
                counters.queuedRequests.bump(-1)
                switch placement {
                case .home: counters.homeJobs.bump()
                case .shared: counters.sharedJobs.bump()
                case .stolen: counters.stolenJobs.bump()
                }
                return job
            case .exit:
                return nil
            case .wait(let until):
                if let until {
                    let nanos = max(0, (until - ContinuousClock.now).nanoseconds)
                    _ = wakeups[worker].wait(timeout: .now() + .nanoseconds(Int(min(nanos, 1_000_000_000))))
                } else {
                    wakeups[worker].wait()
                }
            }
        }
    }

    /// Closes the queue: queued jobs are dropped and every worker's ``dequeue(worker:)`` returns `nil`.
    func close() {
        let dropped = schedule.withLock { $0.close() }
        counters.queuedRequests.bump(-dropped)
        for wakeup in wakeups { wakeup.signal() }
    }
}

extension Duration {
    /// The duration in whole nanoseconds (saturating).
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
