import Glibc

/// The single I/O thread: accepts, reads, parses, hands complete requests to the workers, writes their
/// responses, and runs the timers. It is the only code that touches connection descriptors, so a
/// descriptor is never closed under a worker's feet; workers only see requests and return bytes.
///
/// Connections are registered once, edge-triggered, for input and output; the loop remembers whether
/// input may be pending (`Connection.mayRead`) instead of re-arming epoll, so an idle keep-alive
/// connection costs no worker and no system call. Created and run on its own thread, never shared.
final class EventLoop {
    /// Longest wait for a closing peer to read the final response.
    static let lingerTimeout: Duration = .seconds(2)
    static let readBufferSize = 64 * 1024
    /// Reads per connection per wake-up before others get a turn.
    static let readsPerTurn = 4

    let configuration: HTTPServerConfiguration
    let limits: RequestParser.Limits
    let api: LinuxAPI
    let epoll: Epoll
    var listener: Int32?
    let mailbox: Mailbox
    let queue: JobQueue
    let counters: ServerCounters
    var connections: [Int32: Connection] = [:]
    var nextSerial: UInt64 = 0
    let readBuffer: UnsafeMutableRawBufferPointer
    var pendingReads: [Int32] = []
    var completionBatch: [Completion] = []
    var drainDeadline: ContinuousClock.Instant?
    var acceptPausedUntil: ContinuousClock.Instant?
    let sweepInterval: Duration
    var nextSweep: ContinuousClock.Instant
    var now: ContinuousClock.Instant
    var date = HTTPDate()

    /// Sets up epoll for `listener` and the mailbox. The loop owns `listener` from here on; if setup
    /// fails, it is closed before the error is thrown.
    static func make(
        configuration: HTTPServerConfiguration, listener: Int32, mailbox: Mailbox, queue: JobQueue,
        counters: ServerCounters
    ) throws(HTTPError) -> EventLoop {
        do {
            let api = try LinuxAPI.shared.get()
            let epoll = try Epoll(capacity: 512)
            try epoll.add(listener, events: LinuxAPI.input)
            try epoll.add(mailbox.wakeup.fd, events: LinuxAPI.input)
            return EventLoop(
                configuration: configuration, api: api, epoll: epoll, listener: listener, mailbox: mailbox,
                queue: queue, counters: counters)
        } catch {
            closeDescriptor(listener)
            throw error
        }
    }

    private init(
        configuration: HTTPServerConfiguration, api: LinuxAPI, epoll: Epoll, listener: Int32, mailbox: Mailbox,
        queue: JobQueue, counters: ServerCounters
    ) {
        self.configuration = configuration
        self.limits = configuration.parserLimits
        self.api = api
        self.epoll = epoll
        self.listener = listener
        self.mailbox = mailbox
        self.queue = queue
        self.counters = counters
        self.readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        // Timer checks run often enough to honour the shortest timeout within about a tenth of it.
        let shortest = min(configuration.idleTimeout, configuration.requestTimeout)
        self.sweepInterval = (shortest / 10).clamped(to: .milliseconds(10)...Duration.milliseconds(250))
        self.now = .now
        self.nextSweep = now + sweepInterval
    }

    deinit {
        for connection in connections.values { closeDescriptor(connection.fd) }
        if let listener { closeDescriptor(listener) }
        readBuffer.deallocate()
    }

    /// Runs until a drain finishes (or epoll fails), then closes every connection and the queue.
    func run() {
        while true {
            let ready: Int
            do {
                ready = try epoll.wait(timeout: nextTimeout())
            } catch {
                break
            }
            now = .now
            for index in 0..<ready {
                let (fd, events) = epoll.event(at: index)
                if fd == mailbox.wakeup.fd {
                    handleMailbox()
                } else if fd == listener {
                    acceptConnections()
                } else {
                    handleEvent(fd, events)
                }
            }
            handlePendingReads()
            if now >= nextSweep {
                sweep()
                nextSweep = now + sweepInterval
            }
            if let deadline = drainDeadline, connections.isEmpty || now >= deadline {
                break
            }
        }
        stop()
    }

    /// Milliseconds `epoll_wait` may sleep: until the next timer check, or not at all when reads wait.
    private func nextTimeout() -> Int32 {
        if !pendingReads.isEmpty { return 0 }
        var wakeAt = nextSweep
        if let deadline = drainDeadline { wakeAt = min(wakeAt, deadline) }
        let remaining = ContinuousClock.now.duration(to: wakeAt)
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1
        return Int32(clamping: milliseconds)
    }

    /// Takes responses and shutdown requests from the mailbox. The eventfd is reset before the batch
    /// is taken, so a message posted meanwhile wakes the loop again.
    private func handleMailbox() {
        mailbox.wakeup.reset()
        let deadline = mailbox.take(into: &completionBatch)
        for completion in completionBatch {
            complete(completion)
        }
        completionBatch.removeAll(keepingCapacity: true)
        if let deadline, drainDeadline.map({ deadline < $0 }) ?? true {
            beginDrain(by: deadline)
        }
    }

    /// Dispatches one epoll event for a connection.
    private func handleEvent(_ fd: Int32, _ events: UInt32) {
        guard let connection = connections[fd] else { return }
        if events & (LinuxAPI.error | LinuxAPI.hangUp) != 0 {
            connection.peerGone = true
        }
        if events & LinuxAPI.readHangUp != 0 {
            connection.inputClosed = true
        }
        if events & (LinuxAPI.input | LinuxAPI.readHangUp | LinuxAPI.hangUp | LinuxAPI.error) != 0 {
            connection.mayRead = true
        }
        switch connection.state {
        case .processing, .closed:
            // Not read while a worker has its request; a dead peer is dropped when the response comes.
            break
        case .writing:
            flush(connection, resume: true)
        case .reading, .lingering:
            readInput(connection)
        }
    }

    /// Gives connections that used up their reads in the last turn another turn.
    private func handlePendingReads() {
        guard !pendingReads.isEmpty else { return }
        let batch = pendingReads
        pendingReads.removeAll(keepingCapacity: true)
        for fd in batch {
            if let connection = connections[fd] { readInput(connection) }
        }
    }

    /// Starts graceful shutdown: no new connections, idle ones closed, the others closed after their
    /// current response (which says `Connection: close`).
    private func beginDrain(by deadline: ContinuousClock.Instant) {
        drainDeadline = deadline
        if let listener {
            epoll.remove(listener)
            closeDescriptor(listener)
            self.listener = nil
        }
        for connection in Array(connections.values) {
            switch connection.state {
            case .reading where !connection.parser.isMidRequest:
                close(connection)
            case .lingering(let until):
                connection.state = .lingering(until: min(until, deadline))
            default:
                break
            }
        }
    }

    /// Closes everything still open (requests still with workers at the deadline are abandoned) and
    /// closes the queue so idle workers exit.
    private func stop() {
        for connection in Array(connections.values) {
            close(connection)
        }
        if let listener {
            closeDescriptor(listener)
            self.listener = nil
        }
        queue.close()
    }
}
