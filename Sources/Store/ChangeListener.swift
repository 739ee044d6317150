import Foundation
import Postgres
import Synchronization

/// A thread with its own connection that `LISTEN`s on the channels the database notifies on change
/// (`roster_directory`: hosts, plans, flags; `roster_tokens`: token revocation) and calls each channel's
/// handler. After a lost connection it reconnects and calls every handler, since notifications sent
/// meanwhile were missed.
///
/// `LISTEN` needs a session of its own: behind a transaction-pooling proxy (PgBouncer `pool_mode =
/// transaction`) the subscription stays on whichever server connection ran it and notifications never arrive.
/// So after each (re)connect the listener checks delivery: another session sends a probe notification, and
/// when it does not arrive within ``probeTimeout`` the listener logs that `DATABASE_DIRECT_URL` is needed
/// (caches then fall back to their expiry) and reports it in ``deliversNotifications``.
public final class ChangeListener: Sendable {
    /// The channel of the delivery check.
    static let probeChannel = SQLIdentifier("roster_listener_probe")!
    /// How long the delivery check waits for its probe (seconds).
    public static let probeTimeout = 2.0

    /// A channel and what to do when it fires.
    public struct Subscription: Sendable {
        let channel: SQLIdentifier
        let handler: @Sendable () -> Void

        /// Calls `handler` whenever `channel` is notified.
        public init(channel: SQLIdentifier, handler: @escaping @Sendable () -> Void) {
            self.channel = channel
            self.handler = handler
        }
    }

    private let connectionString: String
    private let subscriptions: [Subscription]
    private let retry: Double
    private let log: @Sendable (String) -> Void
    private let stopped = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    /// 0: not checked yet, 1: notifications arrive, 2: they do not.
    private let delivery = Atomic<Int>(0)

    /// Whether the last delivery check saw its probe arrive (nil before the first check).
    public var deliversNotifications: Bool? {
        switch delivery.load(ordering: .relaxed) {
        case 1: true
        case 2: false
        default: nil
        }
    }

    /// A listener for `subscriptions` on `connectionString`; `log` gets one line per connection problem.
    public init(
        connectionString: String, subscriptions: [Subscription], retrySeconds: Double = 0.5,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.connectionString = connectionString
        self.subscriptions = subscriptions
        self.retry = retrySeconds
        self.log = log
    }

    /// Starts the listening thread (once).
    public func start() {
        guard !running.exchange(true, ordering: .relaxed) else { return }
        let thread = Thread { [self] in run() }
        thread.name = "roster-listener"
        thread.start()
    }

    /// Stops the thread; it exits within its poll interval (a quarter second).
    public func stop() {
        stopped.store(true, ordering: .relaxed)
    }

    private func run() {
        var connection: Connection?
        var generation = 0
        while !stopped.load(ordering: .relaxed) {
            do {
                if connection == nil {
                    let fresh = try Connection(connectionString, applicationName: "roster-listener")
                    for subscription in subscriptions { try fresh.listen(subscription.channel) }
                    try fresh.listen(Self.probeChannel)
                    let delivered = try probe(fresh)
                    delivery.store(delivered ? 1 : 2, ordering: .relaxed)
                    if !delivered {
                        log(
                            "change listener: notifications do not arrive over this connection (a transaction-pooling "
                                + "proxy such as PgBouncer?); set DATABASE_DIRECT_URL to a direct PostgreSQL connection. "
                                + "Until then cached tenants and tokens are dropped only when they expire (10 s and 5 s)"
                        )
                    }
                    connection = fresh
                }
                // Safe: set just above when nil.
                let active = connection!
                let notes = try active.waitForNotifications(timeout: 0.25)
                if active.generation != generation {
                    generation = active.generation
                    subscriptions.forEach { $0.handler() }
                }
                dispatch(notes)
            } catch {
                log("change listener: \(String(reflecting: error))")
                connection = nil
                subscriptions.forEach { $0.handler() }
                Thread.sleep(forTimeInterval: retry)
            }
        }
    }

    /// Sends a probe from a second session and waits for it on `listening`; notifications that arrive
    /// meanwhile are dispatched.
    private func probe(_ listening: Connection) throws(PostgresError) -> Bool {
        let payload = UUID().uuidString
        let sender = try Connection(connectionString, applicationName: "roster-listener-probe")
        defer { sender.close() }
        try sender.notify(Self.probeChannel, payload: payload)
        let deadline = ContinuousClock.now + .milliseconds(Int64(Self.probeTimeout * 1000))
        while ContinuousClock.now < deadline {
            let notes = try listening.waitForNotifications(timeout: 0.1)
            dispatch(notes)
            if notes.contains(where: { $0.channel == Self.probeChannel.name && $0.payload == payload }) { return true }
        }
        return false
    }

    private func dispatch(_ notes: [PostgresNotification]) {
        let fired = Set(notes.map(\.channel))
        for subscription in subscriptions where fired.contains(subscription.channel.name) {
            subscription.handler()
        }
    }
}
