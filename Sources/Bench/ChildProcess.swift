import Foundation
import Glibc
import Synchronization

/// Starts child processes with no blocked signals.
///
/// A child inherits the signal mask of the thread that spawns it, and the threads of Dispatch and Swift
/// concurrency block most signals: pgbench started from one never sees the SIGALRM that ends its `-T`
/// run, and a server never sees SIGTERM. So every child is spawned from a fresh thread that unblocks all
/// signals first.
enum ChildProcess {
    /// Runs `process.run()` on a thread with an empty signal mask.
    static func launch(_ process: Process) throws {
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            var none = sigset_t()
            sigemptyset(&none)
            pthread_sigmask(SIG_SETMASK, &none, nil)
            do {
                try process.run()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}
