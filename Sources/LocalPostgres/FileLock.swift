import Foundation

/// An exclusive `flock` on a file, so two processes do not start or stop one cluster at once.
///
/// The descriptor is opened close-on-exec: a server started while the lock is held must not inherit
/// it (it would hold the lock for its whole life).
final class FileLock {
    private var descriptor: Int32

    /// Waits up to `timeout` seconds for the lock on `path` (created if missing).
    init(path: String, timeout: Double) throws(LocalPostgresError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LocalPostgresError.system("cannot open lock file \(path)", errno: errno) }
        let deadline = Date().addingTimeInterval(timeout)
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw LocalPostgresError.system("cannot lock \(path)", errno: code)
            }
            guard Date() < deadline else {
                close(fd)
                throw LocalPostgresError(
                    .lockTimeout, "another process held the cluster lock \(path) for more than \(Int(timeout)) s")
            }
            usleep(50_000)
        }
        descriptor = fd
    }

    /// Releases the lock. Closing the descriptor releases it too, so this is also done in `deinit`.
    func unlock() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { unlock() }

    /// Runs `body` while holding the lock on `path`.
    static func withLock<T>(
        at path: String, timeout: Double, _ body: () throws(LocalPostgresError) -> T
    ) throws(LocalPostgresError) -> T {
        let lock = try FileLock(path: path, timeout: timeout)
        defer { lock.unlock() }
        return try body()
    }
}
