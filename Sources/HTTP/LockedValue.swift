import Glibc

/// A value guarded by a `pthread_mutex_t`: the module's lock for state shared between threads.
///
/// `Synchronization.Mutex` would do, but on Linux it locks with raw futex calls that ThreadSanitizer does
/// not see, so every access under it is reported as a race (`swift test --sanitize=thread`). pthread
/// mutexes are intercepted by ThreadSanitizer, which keeps the sanitizer useful for this module.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is read and written only between `pthread_mutex_lock` and `_unlock` of `mutex`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// Wraps `value`.
    init(_ value: Value) {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        self.value = value
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
