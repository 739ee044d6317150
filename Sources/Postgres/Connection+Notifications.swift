import CLibPQ
import Glibc

/// A message received through `LISTEN`.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel it was sent on.
    public let channel: String
    /// Its payload (may be empty).
    public let payload: String
    /// The sending backend's process id.
    public let senderPID: Int
}

extension Connection {
    /// Subscribes this session to `channel`; the subscription is renewed after a reconnect.
    public func listen(_ channel: SQLIdentifier) throws(PostgresError) {
        try execute(Query(unsafeSQL: "LISTEN \(channel.quoted)"))
        listeningChannels.insert(channel)
    }

    /// Unsubscribes this session from `channel`.
    public func unlisten(_ channel: SQLIdentifier) throws(PostgresError) {
        listeningChannels.remove(channel)
        try execute(Query(unsafeSQL: "UNLISTEN \(channel.quoted)"))
    }

    /// Sends `payload` on `channel` (delivered at commit when inside a transaction).
    public func notify(_ channel: SQLIdentifier, payload: String = "") throws(PostgresError) {
        try execute("SELECT pg_notify(\(channel.name), \(payload))")
    }

    /// Waits up to `timeout` seconds for notifications and returns those that arrived (maybe none).
    ///
    /// Throws `.connectionLost` when the session broke; the next call reconnects and listens again
    /// (`generation` then changes: anything sent in between was missed).
    public func waitForNotifications(timeout: Double) throws(PostgresError) -> [PostgresNotification] {
        let conn = try usableHandle()
        var pending = drainNotifications(conn)
        if !pending.isEmpty { return pending }
        guard let fd = socket else {
            throw PostgresError(kind: .connectionLost, message: "no socket")
        }
        var pollfd = Glibc.pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let millis = Int32(max(0, min(timeout, 3600)) * 1000)
        let ready = Glibc.poll(&pollfd, 1, millis)
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .connectionLost, message: "poll failed: errno \(errno)")
        }
        if ready > 0 {
            if PQconsumeInput(conn) == 0 {
                throw PostgresError(kind: .connectionLost, message: Self.errorMessage(conn))
            }
            pending = drainNotifications(conn)
        }
        return pending
    }

    private func drainNotifications(_ conn: OpaquePointer) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let raw = PQnotifies(conn) {
            let note = raw.pointee
            received.append(
                PostgresNotification(
                    channel: note.relname.map { String(cString: $0) } ?? "",
                    payload: note.extra.map { String(cString: $0) } ?? "",
                    senderPID: Int(note.be_pid)))
            PQfreemem(raw)
        }
        return received
    }
}
