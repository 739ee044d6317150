import CLibPQ
import Glibc

extension Connection {
    /// Sends a statement with `send` (a `PQsend…` call) and waits for its result for at most `timeout`
    /// seconds. A database that stops answering (frozen, partitioned) must not hold a worker forever: on
    /// timeout the session is dropped (`.connectionLost`, so the request gets a 503) and the next use
    /// reconnects.
    func awaitResult(on conn: OpaquePointer, timeout: Double, _ send: () -> Int32) throws(PostgresError)
        -> OpaquePointer?
    {
        guard send() == 1 else { return nil }
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        // Push the whole statement out (non-blocking mode).
        while true {
            let flushed = PQflush(conn)
            if flushed == 0 { break }
            if flushed < 0 { return nil }
            try wait(on: conn, for: Int16(POLLOUT | POLLIN), until: deadline, timeout: timeout)
            if PQconsumeInput(conn) == 0 { return nil }
        }
        var last: OpaquePointer?
        while true {
            while PQisBusy(conn) == 1 {
                try wait(on: conn, for: Int16(POLLIN), until: deadline, timeout: timeout)
                if PQconsumeInput(conn) == 0 {
                    if let last { PQclear(last) }
                    return nil
                }
            }
            guard let result = PQgetResult(conn) else { break }
            if let last { PQclear(last) }
            last = result
        }
        return last
    }

    private func wait(
        on conn: OpaquePointer, for events: Int16, until deadline: ContinuousClock.Instant, timeout: Double
    )
        throws(PostgresError)
    {
        let fd = PQsocket(conn)
        guard fd >= 0 else { throw PostgresError(kind: .connectionLost, message: "no socket") }
        while true {
            let remaining = deadline - ContinuousClock.now
            let millis = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
            if millis <= 0 {
                close()
                throw PostgresError(
                    kind: .connectionLost, message: "the database did not answer within \(timeout) s; session dropped")
            }
            var pollfd = Glibc.pollfd(fd: fd, events: events, revents: 0)
            let ready = Glibc.poll(&pollfd, 1, Int32(min(millis, 60_000)))
            if ready > 0 { return }
            if ready < 0 && errno != EINTR {
                throw PostgresError(kind: .connectionLost, message: "poll failed: errno \(errno)")
            }
        }
    }
}
