import Dispatch
import Glibc

extension HTTPServer {
    /// Handles `SIGTERM` and `SIGINT` with graceful shutdown (deadline: now + `shutdownTimeout`); a second
    /// signal during shutdown moves the deadline to now. Call once, after ``start()``; it returns once the
    /// handlers are in place, so a signal sent afterwards is not missed.
    ///
    /// Signals are delivered through `DispatchSource` on a private serial queue. Their default action
    /// (terminating the process) is set to "ignore" first, as Dispatch requires; on Linux Dispatch then
    /// installs its own handler and reads the signals from a signalfd.
    /// - Important: A process has one disposition per signal: install these handlers once per process
    ///   and no other handler for the same signals (calling `signal()` afterwards would break delivery).
    public func installSignalHandlers() {
        let queue = DispatchQueue(label: "roster.http.signals")
        let registered = DispatchSemaphore(value: 0)
        let signals = [SIGTERM, SIGINT]
        // The sources are created inside the lock and stay in it: they must stay alive to keep
        // delivering signals.
        let installed = signalSources.withLock { sources -> Bool in
            guard sources.isEmpty else { return false }
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
                sources.append(source)
            }
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
