import Glibc

/// A non-blocking eventfd that wakes the event loop from other threads; closed when the last owner
/// (the loop, a worker, the server) lets go of it, so a late worker can never write into a reused
/// descriptor.
final class EventFD: Sendable {
    let fd: Int32

    /// Creates the eventfd.
    init() throws(HTTPError) {
        let api = try LinuxAPI.shared.get()
        // EFD_NONBLOCK and EFD_CLOEXEC equal O_NONBLOCK and O_CLOEXEC.
        fd = try syscallValue("eventfd") { api.eventfd(0, O_NONBLOCK | O_CLOEXEC) }
    }

    deinit {
        closeDescriptor(fd)
    }

    /// Makes the descriptor readable. Never blocks; a saturated counter is still readable.
    func signal() {
        var one: UInt64 = 1
        _ = try? syscall("write") { Glibc.write(fd, &one, 8) }
    }

    /// Resets the descriptor to not readable.
    func reset() {
        var value: UInt64 = 0
        _ = try? syscall("read") { Glibc.read(fd, &value, 8) }
    }
}
