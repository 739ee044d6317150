import Foundation
import Postgres
import Synchronization

/// A thread with its own connection that `LISTEN`s on the channels the database notifies on change
/// (`roster_directory`: hosts, plans, flags; `roster_tokens`: token revocation) and calls each channel's
/// handler. After a lost connection it reconnects and calls every handler, since notifications sent
/// meanwhile were missed.
public final class ChangeListener: Sendable {
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
                    connection = fresh
                }
                // Safe: set just above when nil.
                let active = connection!
                let notes = try active.waitForNotifications(timeout: 0.25)
                if active.generation != generation {
                    generation = active.generation
                    subscriptions.forEach { $0.handler() }
                }
                let fired = Set(notes.map(\.channel))
                for subscription in subscriptions where fired.contains(subscription.channel.name) {
                    subscription.handler()
                }
            } catch {
                log("change listener: \(String(reflecting: error))")
                connection = nil
                subscriptions.forEach { $0.handler() }
                Thread.sleep(forTimeInterval: retry)
            }
        }
    }
}
