import Testing

@testable import HTTP

@Suite struct JobScheduleTests {
    private let start = ContinuousClock.now

    private func job(_ serial: UInt64) -> Job {
        Job(connection: ConnectionID(fd: 3, serial: serial), request: HTTPRequest(method: .get, target: "/"))
    }

    private func serial(_ next: JobSchedule.Next) -> (UInt64, JobSchedule.Placement)? {
        if case .run(let job, let placement) = next { return (job.connection.serial, placement) }
        return nil
    }

    @Test func sendsKeyedJobsToTheirHomeWorker() {
        var schedule = JobSchedule(capacity: 100, workerCount: 4, homeDepth: 8, stealAfter: .milliseconds(5))
        for index in 0..<4 { #expect(serial(schedule.dequeue(worker: index, now: start)) == nil) }
        // Every worker is idle: the job goes home and wakes exactly its home worker.
        let placed = schedule.enqueue(job(1), affinity: 6, now: start)
        #expect(placed.accepted && placed.wake == 2)
        #expect(serial(schedule.dequeue(worker: 2, now: start))! == (1, .home))
    }

    @Test func stuckHomeWorkersJobsAreStolenAfterTheDeadline() {
        var schedule = JobSchedule(capacity: 100, workerCount: 2, homeDepth: 8, stealAfter: .milliseconds(5))
        _ = schedule.enqueue(job(0), affinity: 0, now: start)
        _ = schedule.dequeue(worker: 0, now: start)  // worker 0 busy since `start`
        _ = schedule.dequeue(worker: 1, now: start)  // worker 1 idle
        let placed = schedule.enqueue(job(1), affinity: 0, now: start)
        #expect(placed.wake == 1)  // woken to arm its steal timer
        guard case .wait(let until) = schedule.dequeue(worker: 1, now: start + .milliseconds(1)) else {
            Issue.record("worker 1 took worker 0's job before the deadline")
            return
        }
        #expect(until == start + .milliseconds(5))
        #expect(serial(schedule.dequeue(worker: 1, now: start + .milliseconds(6)))! == (1, .stolen))
        #expect(schedule.count == 0)
    }

    @Test func queueingBehindABusyWorkerIsNotStuck() {
        var schedule = JobSchedule(capacity: 100, workerCount: 2, homeDepth: 8, stealAfter: .milliseconds(5))
        for serial in 0...2 { _ = schedule.enqueue(job(UInt64(serial)), affinity: 0, now: start) }
        _ = schedule.dequeue(worker: 0, now: start)
        #expect(serial(schedule.dequeue(worker: 0, now: start + .milliseconds(4)))! == (1, .home))
        // Job 2 has waited 6 ms, but worker 0 started job 1 only 2 ms ago: busy, not stuck.
        guard case .wait(let until) = schedule.dequeue(worker: 1, now: start + .milliseconds(6)) else {
            Issue.record("stole from a worker that was merely busy")
            return
        }
        #expect(until == start + .milliseconds(9))
        #expect(serial(schedule.dequeue(worker: 1, now: start + .milliseconds(9)))! == (2, .stolen))
    }

    @Test func anIdleWorkerHelpsWhenTwoOrMoreWaitForABusyWorker() {
        var schedule = JobSchedule(capacity: 100, workerCount: 2, homeDepth: 8, stealAfter: .seconds(1))
        for serial in 0...2 { _ = schedule.enqueue(job(UInt64(serial)), affinity: 0, now: start) }
        _ = schedule.dequeue(worker: 0, now: start)
        // Jobs 1 and 2 wait for worker 0: worker 1 takes the first of them at once, not after a second.
        #expect(serial(schedule.dequeue(worker: 1, now: start))! == (1, .stolen))
        // One left behind a busy worker that is not stuck: left to it.
        guard case .wait = schedule.dequeue(worker: 1, now: start) else {
            Issue.record("took the last job from a worker that keeps up")
            return
        }
    }

    @Test func fullHomeQueueOverflowsToTheSharedQueue() {
        var schedule = JobSchedule(capacity: 100, workerCount: 2, homeDepth: 2, stealAfter: .seconds(1))
        for serial in 1...3 { _ = schedule.enqueue(job(UInt64(serial)), affinity: 1, now: start) }
        // Worker 0 never gets home jobs of key 1, but takes the overflow from the shared queue.
        #expect(serial(schedule.dequeue(worker: 0, now: start))! == (3, .shared))
        #expect(serial(schedule.dequeue(worker: 1, now: start))! == (1, .home))
        #expect(serial(schedule.dequeue(worker: 1, now: start))! == (2, .home))
    }

    @Test func takesTheOlderOfHomeAndSharedHeads() {
        var schedule = JobSchedule(capacity: 100, workerCount: 2, homeDepth: 8, stealAfter: .seconds(1))
        _ = schedule.enqueue(job(1), affinity: nil, now: start)
        _ = schedule.enqueue(job(2), affinity: 0, now: start + .milliseconds(1))
        _ = schedule.enqueue(job(3), affinity: nil, now: start + .milliseconds(2))
        let order = (0..<3).compactMap { _ in serial(schedule.dequeue(worker: 0, now: start))?.0 }
        #expect(order == [1, 2, 3])
    }

    @Test func refusesBeyondCapacityAndAfterClose() {
        var schedule = JobSchedule(capacity: 2, workerCount: 2, homeDepth: 8, stealAfter: .seconds(1))
        #expect(schedule.enqueue(job(1), affinity: 0, now: start).accepted)
        #expect(schedule.enqueue(job(2), affinity: nil, now: start).accepted)
        #expect(!schedule.enqueue(job(3), affinity: 1, now: start).accepted)
        #expect(schedule.close() == 2)
        #expect(!schedule.enqueue(job(4), affinity: nil, now: start).accepted)
        if case .exit = schedule.dequeue(worker: 0, now: start) {} else { Issue.record("expected exit") }
    }

    @Test func withoutAffinityEveryJobIsShared() {
        var schedule = JobSchedule(capacity: 10, workerCount: 3, homeDepth: 0, stealAfter: .zero)
        _ = schedule.enqueue(job(1), affinity: 5, now: start)
        #expect(serial(schedule.dequeue(worker: 0, now: start))! == (1, .shared))
    }
}
