import Dispatch
import Glibc

extension HTTPServer {
    /// Handles `SIGTERM` and `SIGINT` with graceful shutdown (deadline: now + `shutdownTimeout`); a second
    /// signal during shutdown moves the deadline to now. Call once, after ``start()``; it returns once the
    /// handlers are in place, so a signal sent afterwards is not missed. When the server has stopped, both
    /// signals get their default action back.
    ///
    /// Signals are delivered through `DispatchSource` on a private serial queue. Their default action
    /// (terminating the process) is set to "ignore" first, as Dispatch requires; on Linux Dispatch then
    /// installs its own handler and reads the signals from a signalfd.
    /// - Important: A process has one disposition per signal: use one server's handlers at a time and
    ///   install no other handler for these signals (calling `signal()` afterwards breaks delivery).
    public func installSignalHandlers() {
        let queue = DispatchQueue(label: "roster.http.signals")
        let registered = DispatchSemaphore(value: 0)
        let signals = [SIGTERM, SIGINT]
        let installed = lifecycle.signalSources.withLock { registry -> Bool in
            guard registry.sources.isEmpty else { return false }
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { [weak self] in
                    self?.handleTerminationSignal()
                }
                source.setRegistrationHandler {
                    registered.signal()
                }
                source.resume()
                // Kept alive here: a released source stops delivering.
                registry.sources.append(source)
            }
            registry.signals = signals
            return true
        }
        guard installed else { return }
        // Registration happens asynchronously; a signal that arrives before it would be ignored.
        for _ in signals {
            _ = registered.wait(timeout: .now() + .seconds(2))
        }
    }

    private func handleTerminationSignal() {
        if lifecycle.isShuttingDown {
            beginShutdown(deadline: .now)
        } else {
            beginShutdown()
        }
    }
}
