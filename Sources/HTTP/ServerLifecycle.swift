import Dispatch
import Glibc

/// The server's lifecycle, `idle → starting → running → draining → stopped`, as a locked state machine.
final class ServerLifecycle: Sendable {
    enum State: Sendable {
        case idle
        /// `start()` is running; a shutdown requested meanwhile is remembered.
        case starting(pendingDeadline: ContinuousClock.Instant?)
        case running(Mailbox)
        case draining(Mailbox, deadline: ContinuousClock.Instant)
        case stopped
    }

    private let state = LockedValue<State>(.idle)
    /// The signal sources of `installSignalHandlers()`, cancelled when the server stops.
    let signalSources = LockedValue(SignalSources())
    /// Entered by `start()`, left when the server has stopped; `waitUntilStopped()` waits on it.
    let stopped = DispatchGroup()

    /// `idle → starting`, or throws when the server was already started.
    func beginStart() throws(HTTPError) {
        let ok = state.withLock { state -> Bool in
            guard case .idle = state else { return false }
            state = .starting(pendingDeadline: nil)
            return true
        }
        if !ok { throw HTTPError(.invalidState, "the server can only be started once") }
    }

    /// `starting → running`; returns a shutdown deadline requested during start, if any.
    func finishStart(_ mailbox: Mailbox) -> ContinuousClock.Instant? {
        state.withLock { state in
            guard case .starting(let pending) = state else { return nil }
            if let pending {
                state = .draining(mailbox, deadline: pending)
            } else {
                state = .running(mailbox)
            }
            return pending
        }
    }

    /// `starting → idle` after a failed start, so it can be retried.
    func failStart() {
        state.withLock { $0 = .idle }
    }

    /// Records a shutdown request; returns the mailbox to notify, or `nil` if there is no loop to stop.
    func requestShutdown(by deadline: ContinuousClock.Instant) -> Mailbox? {
        state.withLock { state -> Mailbox? in
            switch state {
            case .idle:
                state = .stopped
                return nil
            case .starting(let pending):
                state = .starting(pendingDeadline: min(pending ?? deadline, deadline))
                return nil
            case .running(let mailbox):
                state = .draining(mailbox, deadline: deadline)
                return mailbox
            case .draining(let mailbox, let current):
                state = .draining(mailbox, deadline: min(current, deadline))
                return mailbox
            case .stopped:
                return nil
            }
        }
    }

    /// Whether a shutdown has been requested (or completed).
    var isShuttingDown: Bool {
        state.withLock { state in
            switch state {
            case .draining, .stopped: return true
            case .starting(let pending): return pending != nil
            case .idle, .running: return false
            }
        }
    }

    /// The shutdown deadline, if draining.
    var drainDeadline: ContinuousClock.Instant? {
        state.withLock { state in
            if case .draining(_, let deadline) = state { return deadline }
            return nil
        }
    }

    /// `→ stopped`; cancels the signal sources and gives SIGTERM and SIGINT their default action back,
    /// so a process that lingers after the server stopped can still be interrupted.
    func markStopped() {
        state.withLock { $0 = .stopped }
        signalSources.withLock { registered in
            guard !registered.sources.isEmpty else { return }
            for source in registered.sources { source.cancel() }
            registered.sources = []
            for number in registered.signals { signal(number, SIG_DFL) }
        }
    }
}

/// Dispatch signal sources kept alive while the server runs.
struct SignalSources: @unchecked Sendable {
    // @unchecked: dispatch sources may be used from any thread; `DispatchSourceSignal` is just not
    // annotated. The array itself is only touched under `ServerLifecycle.signalSources`' lock.
    var sources: [any DispatchSourceSignal] = []
    var signals: [Int32] = []
}
