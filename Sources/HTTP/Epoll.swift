import Glibc

/// One epoll instance and its event buffer, owned by the event-loop thread; closed in `deinit`.
final class Epoll {
    private let api: LinuxAPI
    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private let capacity: Int

    /// Creates an epoll instance that returns at most `capacity` events per wait.
    init(capacity: Int) throws(HTTPError) {
        let api = try LinuxAPI.shared.get()
        self.api = api
        self.fd = try syscallValue("epoll_create1") { api.create1(O_CLOEXEC) }
        self.capacity = capacity
        self.buffer = .allocate(byteCount: capacity * LinuxAPI.eventSize, alignment: 8)
    }

    deinit {
        closeDescriptor(fd)
        buffer.deallocate()
    }

    /// Starts watching `descriptor` for `events`.
    func add(_ descriptor: Int32, events: UInt32) throws(HTTPError) {
        try control(LinuxAPI.add, descriptor, events: events)
    }

    /// Changes the events watched on `descriptor`.
    func modify(_ descriptor: Int32, events: UInt32) throws(HTTPError) {
        try control(LinuxAPI.modify, descriptor, events: events)
    }

    /// Stops watching `descriptor` (closing it does the same).
    func remove(_ descriptor: Int32) {
        _ = try? control(LinuxAPI.delete, descriptor, events: 0)
    }

    private func control(_ operation: Int32, _ descriptor: Int32, events: UInt32) throws(HTTPError) {
        var event = (UInt64(0), UInt64(0))  // 16 bytes, enough for either layout
        try withUnsafeMutableBytes(of: &event) { (raw) throws(HTTPError) in
            raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(
                of: UInt64(UInt32(bitPattern: descriptor)), toByteOffset: LinuxAPI.dataOffset, as: UInt64.self)
            _ = try syscallValue("epoll_ctl") { api.control(fd, operation, descriptor, raw.baseAddress) }
        }
    }

    /// Waits up to `timeout` milliseconds (`-1`: forever) and returns how many events are ready.
    func wait(timeout: Int32) throws(HTTPError) -> Int {
        let base = buffer.baseAddress
        let result = try syscall("epoll_wait") { api.wait(fd, base, Int32(capacity), timeout) }
        switch result {
        case .done(let count): return Int(count)
        case .wouldBlock: return 0
        }
    }

    /// The descriptor and event mask of ready event `index` (0 ≤ index < the last `wait` result).
    func event(at index: Int) -> (descriptor: Int32, events: UInt32) {
        precondition(index >= 0 && index < capacity, "epoll event index out of range")
        let offset = index * LinuxAPI.eventSize
        let events = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        let data = buffer.loadUnaligned(fromByteOffset: offset + LinuxAPI.dataOffset, as: UInt64.self)
        return (Int32(bitPattern: UInt32(truncatingIfNeeded: data)), events)
    }
}
