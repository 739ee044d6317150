import Dispatch
import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server: one event-loop thread (epoll) for all socket I/O, and a fixed pool of worker
/// threads that run the ``HTTPResponder``.
///
/// The event loop accepts connections, reads and parses requests, and hands each complete request to
/// the workers through a bounded queue (full → `503` with `Retry-After: 1`, answered by the loop). An
/// idle keep-alive connection holds no worker. Each connection has at most one request with a worker;
/// pipelined requests wait in its buffer and are answered in order. Workers serialize their responses;
/// the loop writes them (one `send` each where the socket allows).
///
/// Use: `start()`, optionally `installSignalHandlers()`, then `waitUntilStopped()` (or `run()`); stop
/// with `shutdown(deadline:)`. A server runs once; make a new one to start again. Its threads run until
/// it is shut down, whether or not the `HTTPServer` object is still referenced.
public final class HTTPServer<Responder: HTTPResponder>: Sendable {
    /// The configuration type, shared by every responder type.
    public typealias Configuration = HTTPServerConfiguration

    /// The settings the server was created with.
    public let configuration: Configuration
    /// The application.
    public let responder: Responder

    let counters = ServerCounters()
    let lifecycle = ServerLifecycle()
    private let boundPort = Atomic<Int>(0)

    /// Creates a server; nothing happens until ``start()``.
    public init(configuration: Configuration, responder: Responder) {
        self.configuration = configuration
        self.responder = responder
    }

    /// The port the server listens on (useful with port 0), or 0 before ``start()``.
    public var port: Int { boundPort.load(ordering: .acquiring) }

    /// Current counters, for metrics.
    public var stats: HTTPServerStats { counters.snapshot }

    /// Binds, listens, and starts the event loop and the workers, then returns.
    ///
    /// Ignores `SIGPIPE` for the process (a peer that goes away mid-write must not kill it; sends also use
    /// `MSG_NOSIGNAL`). Throws ``HTTPError`` if the configuration is invalid, the address cannot be bound,
    /// or the server was already started.
    public func start() throws(HTTPError) {
        try configuration.validate()
        try lifecycle.beginStart()
        let mailbox: Mailbox
        do throws(HTTPError) {
            signal(SIGPIPE, SIG_IGN)
            let listener = try Socket.makeListener(
                host: configuration.host, port: configuration.port, backlog: configuration.backlog)
            let wakeup: EventFD
            do throws(HTTPError) {
                wakeup = try EventFD()
            } catch {
                closeDescriptor(listener.fd)
                throw error
            }
            mailbox = Mailbox(wakeup: wakeup)
            let queue = JobQueue(
                capacity: configuration.queueDepth, workerCount: configuration.workerCount, counters: counters,
                homeDepth: configuration.affinityKey == nil ? 0 : configuration.affinityDepth,
                stealAfter: configuration.affinitySteal)
            try startEventLoop(listener: listener.fd, mailbox: mailbox, queue: queue)
            boundPort.store(listener.port, ordering: .releasing)
            startWorkers(queue: queue, mailbox: mailbox)
        } catch {
            lifecycle.failStart()
            throw error
        }
        if let pending = lifecycle.finishStart(mailbox) {
            counters.isDraining.store(true, ordering: .releasing)
            mailbox.requestDrain(by: pending)
        }
    }

    /// Starts the loop thread and waits until it has set up epoll (or failed to).
    private func startEventLoop(listener: Int32, mailbox: Mailbox, queue: JobQueue) throws(HTTPError) {
        let setup = LockedValue<Result<Void, HTTPError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let configuration = configuration
        let counters = counters
        let lifecycle = lifecycle
        lifecycle.stopped.enter()
        let thread = Thread {
            let loop: EventLoop
            do throws(HTTPError) {
                loop = try EventLoop.make(
                    configuration: configuration, listener: listener, mailbox: mailbox, queue: queue,
                    counters: counters)
            } catch {
                setup.withLock { $0 = .failure(error) }
                ready.signal()
                lifecycle.stopped.leave()
                return
            }
            setup.withLock { $0 = .success(()) }
            ready.signal()
            loop.run()
            // Workers finish the requests they hold, until the shutdown deadline; later ones are abandoned.
            _ = counters.workerThreads.wait(timeout: Self.dispatchTime(lifecycle.drainDeadline ?? .now))
            lifecycle.markStopped()
            lifecycle.stopped.leave()
        }
        thread.name = "roster-http-loop"
        thread.start()
        ready.wait()
        if case .failure(let error)? = setup.withLock({ $0 }) {
            throw error
        }
    }

    private func startWorkers(queue: JobQueue, mailbox: Mailbox) {
        let responder = responder
        let counters = counters
        for index in 0..<configuration.workerCount {
            counters.workerThreads.enter()
            let thread = Thread {
                WorkerLoop.run(index: index, responder: responder, queue: queue, mailbox: mailbox, counters: counters)
                counters.workerThreads.leave()
            }
            thread.name = "roster-http-worker-\(index)"
            thread.start()
        }
    }

    /// Starts graceful shutdown and returns at once: stop accepting (new connects are refused), close
    /// idle connections, let in-flight requests finish and be answered with `Connection: close`, then
    /// stop the threads. At `deadline` (default: now + `shutdownTimeout`) whatever is left is closed.
    /// Calling it again with an earlier deadline moves the deadline up.
    public func beginShutdown(deadline: ContinuousClock.Instant? = nil) {
        let deadline = deadline ?? .now + configuration.shutdownTimeout
        counters.isDraining.store(true, ordering: .releasing)
        lifecycle.requestShutdown(by: deadline)?.requestDrain(by: deadline)
    }

    /// Shuts down gracefully (see ``beginShutdown(deadline:)``) and returns once the server has stopped,
    /// so the process can exit 0.
    public func shutdown(deadline: ContinuousClock.Instant? = nil) {
        beginShutdown(deadline: deadline)
        waitUntilStopped()
    }

    /// Blocks until the server has stopped (returns at once if it was never started).
    public func waitUntilStopped() {
        lifecycle.stopped.wait()
    }

    /// Starts the server and blocks until it stops (after a shutdown call or a handled signal).
    public func run() throws(HTTPError) {
        try start()
        waitUntilStopped()
    }

    static func dispatchTime(_ instant: ContinuousClock.Instant) -> DispatchTime {
        let remaining = ContinuousClock.now.duration(to: instant)
        guard remaining > .zero else { return .now() }
        let (seconds, attoseconds) = remaining.components
        let nanoseconds = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !nanoseconds.overflow else { return .distantFuture }
        return .now() + .nanoseconds(Int(clamping: nanoseconds.partialValue + attoseconds / 1_000_000_000))
    }
}
