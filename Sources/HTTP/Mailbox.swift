/// Messages from other threads to the event loop: finished responses and shutdown requests, with an
/// eventfd that wakes the loop's `epoll_wait`.
final class Mailbox: Sendable {
    private struct Content: Sendable {
        var completions: [Completion] = []
        var drainDeadline: ContinuousClock.Instant?
    }

    private let content = LockedValue(Content())
    /// The descriptor the loop watches.
    let wakeup: EventFD

    /// Creates a mailbox around `wakeup`.
    init(wakeup: EventFD) {
        self.wakeup = wakeup
    }

    /// Hands a response to the loop. Only the first message of a batch writes the eventfd: the loop
    /// resets the eventfd before it takes the batch, so no message can be left unannounced.
    func post(_ completion: Completion) {
        let wasEmpty = content.withLock { content -> Bool in
            let wasEmpty = content.completions.isEmpty
            content.completions.append(completion)
            return wasEmpty
        }
        if wasEmpty { wakeup.signal() }
    }

    /// Asks the loop to drain and stop by `deadline` (an earlier deadline wins).
    func requestDrain(by deadline: ContinuousClock.Instant) {
        content.withLock { content in
            content.drainDeadline = min(content.drainDeadline ?? deadline, deadline)
        }
        wakeup.signal()
    }

    /// Swaps the pending completions into `batch` (which must be empty) and returns the drain deadline.
    func take(into batch: inout [Completion]) -> ContinuousClock.Instant? {
        content.withLock { content in
            swap(&content.completions, &batch)
            return content.drainDeadline
        }
    }
}
