/// Which worker answers which request: the scheduling state behind ``JobQueue``, without locks or threads.
///
/// A request may carry an *affinity key* (Roster uses a hash of the `Host` header, i.e. the organization).
/// It goes to its key's *home* worker while that worker has fewer than `homeDepth` requests waiting; other
/// requests go to a shared queue any worker takes from. Each worker takes whichever is older, the head of
/// its home queue or of the shared queue, so neither starves. A worker with nothing to do takes a request
/// from the longest home queue when two or more wait there (a few busy organizations outweigh their
/// home worker), or else from a worker that has been on its current request for longer than `stealAfter`
/// (stuck on a slow one). A single request queued behind its busy home worker is left to it: taking those
/// too would spread every organization over every session again.
///
/// Why: each worker owns one database session. With thousands of organizations in their own schemas,
/// a session that serves every organization must load every schema's catalog entries and plan every
/// schema's statements; with affinity each session serves about `1/workers` of them, so its catalog cache
/// and prepared statements stay warm and its memory stays small.
struct JobSchedule: Sendable {
    /// A queued job and when it was queued.
    struct Entry: Sendable {
        let job: Job
        let enqueuedAt: ContinuousClock.Instant
    }

    /// What ``dequeue(worker:now:)`` tells a worker to do.
    enum Next: Sendable {
        /// Answer this job.
        case run(Job, Placement)
        /// Nothing for you yet: sleep until woken or until the instant, then ask again.
        case wait(until: ContinuousClock.Instant?)
        /// The queue is closed: exit.
        case exit
    }

    /// Where a dequeued job came from (counted in the server's statistics).
    enum Placement: Sendable {
        case home, shared, stolen
    }

    let capacity: Int
    let homeDepth: Int
    let stealAfter: Duration
    private var shared = Deque<Entry>()
    private var homes: [Deque<Entry>]
    private var isIdle: [Bool]
    /// When each worker took its current job (meaningless while idle).
    private var busySince: [ContinuousClock.Instant]
    private(set) var count = 0
    private(set) var isClosed = false

    init(capacity: Int, workerCount: Int, homeDepth: Int, stealAfter: Duration) {
        self.capacity = max(1, capacity)
        self.homeDepth = max(0, homeDepth)
        self.stealAfter = stealAfter
        homes = Array(repeating: Deque(), count: max(1, workerCount))
        isIdle = Array(repeating: false, count: max(1, workerCount))
        busySince = Array(repeating: .now, count: max(1, workerCount))
    }

    var workerCount: Int { homes.count }

    /// Queues `job`; returns whether it was accepted and which sleeping worker to wake, if any.
    mutating func enqueue(_ job: Job, affinity: UInt64?, now: ContinuousClock.Instant) -> (
        accepted: Bool, wake: Int?
    ) {
        guard !isClosed, count < capacity else { return (false, nil) }
        count += 1
        let entry = Entry(job: job, enqueuedAt: now)
        if let affinity, homeDepth > 0 {
            let home = Int(affinity % UInt64(homes.count))
            if homes[home].count < homeDepth {
                homes[home].append(entry)
                if isIdle[home] { return (true, wakeUp(home)) }
                // An idle worker arms its steal timer for this job, in case the home worker is stuck.
                return (true, isIdle.firstIndex(of: true).map { wakeUp($0) })
            }
        }
        shared.append(entry)
        return (true, isIdle.firstIndex(of: true).map { wakeUp($0) })
    }

    /// The next job for `worker`, or how long to sleep.
    mutating func dequeue(worker: Int, now: ContinuousClock.Instant) -> Next {
        if isClosed { return .exit }
        isIdle[worker] = false
        let homeFirst = homes[worker].first?.enqueuedAt
        let sharedFirst = shared.first?.enqueuedAt
        if let homeFirst, sharedFirst.map({ homeFirst <= $0 }) ?? true {
            count -= 1
            busySince[worker] = now
            return .run(homes[worker].removeFirst().job, .home)
        }
        if sharedFirst != nil {
            count -= 1
            busySince[worker] = now
            return .run(shared.removeFirst().job, .shared)
        }
        // Nothing of our own. A queue of two or more behind a busy worker means its organizations are more
        // than it keeps up with (few organizations over several workers): help at once. Otherwise only
        // the jobs of a worker stuck on one request, after the deadline.
        var longest: (worker: Int, count: Int)?
        var stuck: (worker: Int, since: ContinuousClock.Instant, waiting: ContinuousClock.Instant)?
        for (index, queue) in homes.enumerated() where index != worker && !isIdle[index] {
            guard let waiting = queue.first?.enqueuedAt else { continue }
            if longest.map({ queue.count > $0.count }) ?? true { longest = (index, queue.count) }
            if stuck.map({ busySince[index] < $0.since }) ?? true { stuck = (index, busySince[index], waiting) }
        }
        if let longest, longest.count >= 2 {
            count -= 1
            busySince[worker] = now
            return .run(homes[longest.worker].removeFirst().job, .stolen)
        }
        isIdle[worker] = true
        guard let stuck else { return .wait(until: nil) }
        let deadline = max(stuck.since, stuck.waiting) + stealAfter
        guard now >= deadline else { return .wait(until: deadline) }
        isIdle[worker] = false
        count -= 1
        busySince[worker] = now
        return .run(homes[stuck.worker].removeFirst().job, .stolen)
    }

    /// Closes the schedule: drops every queued job and returns how many were dropped.
    mutating func close() -> Int {
        isClosed = true
        let dropped = count
        shared = Deque()
        homes = homes.map { _ in Deque() }
        count = 0
        return dropped
    }

    private mutating func wakeUp(_ worker: Int) -> Int {
        isIdle[worker] = false
        return worker
    }
}

/// A small FIFO of values: append at the back, remove at the front, amortized O(1).
struct Deque<Element> {
    private var items: [Element] = []
    private var head = 0

    var count: Int { items.count - head }
    var isEmpty: Bool { head == items.count }
    var first: Element? { head < items.count ? items[head] : nil }

    mutating func append(_ element: Element) {
        items.append(element)
    }

    /// Removes the first element; the caller checks `first` is non-nil.
    mutating func removeFirst() -> Element {
        let element = items[head]
        head += 1
        if head >= 32, head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
        return element
    }
}
extension Deque: Sendable where Element: Sendable {}
