import Glibc

/// The outcome of a call on a non-blocking descriptor: a value, or "not now" (`EAGAIN`/`EWOULDBLOCK`).
enum IOResult<Value> {
    case done(Value)
    case wouldBlock
}

/// Runs a system call that returns `-1` and sets `errno` on failure, the one way this module calls the
/// kernel: retries on `EINTR`, reports `EAGAIN`/`EWOULDBLOCK` as ``IOResult/wouldBlock``, and throws
/// every other failure as ``HTTPError/Code/systemCall`` naming the call and the `errno`.
@inline(__always)
func syscall<Value: BinaryInteger>(
    _ function: StaticString, _ body: () -> Value
) throws(HTTPError) -> IOResult<Value> {
    while true {
        let result = body()
        if result >= 0 { return .done(result) }
        let code = errno
        switch code {
        case EINTR:
            continue
        case EAGAIN, EWOULDBLOCK:
            return .wouldBlock
        default:
            throw HTTPError.system("\(function)", errno: code)
        }
    }
}

/// Like ``syscall(_:_:)`` for calls where "would block" is itself a failure (setup calls).
@inline(__always)
func syscallValue<Value: BinaryInteger>(
    _ function: StaticString, _ body: () -> Value
) throws(HTTPError) -> Value {
    switch try syscall(function, body) {
    case .done(let value): return value
    case .wouldBlock: throw HTTPError.system("\(function)", errno: EAGAIN)
    }
}

/// Closes a descriptor once. Linux releases the descriptor even when `close` reports `EINTR`, so
/// retrying could close a descriptor another thread just received; errors are therefore ignored.
func closeDescriptor(_ fd: Int32) {
    _ = Glibc.close(fd)
}
