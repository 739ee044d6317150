import Foundation
import Glibc

/// Many non-blocking client sockets connecting at once, and what became of each.
final class FloodSockets {
    struct Outcome {
        /// Accepted and kept open by the server (silent until asked something).
        var held = 0
        /// Answered with a `503` and closed.
        var refused = 0
        /// Closed (or reset) without an answer.
        var closed = 0
        /// Seconds from the start of the flood to the last refusal.
        var slowestRefusal = 0.0
    }

    private var fds: [Int32] = []
    private var state: [Int: Bool] = [:]  // index → held (true) or finished (false)
    private let started = Date()

    /// Starts `count` connects to 127.0.0.1:`port` without waiting for any.
    init(port: Int, count: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        for _ in 0..<count {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            fds.append(fd)
        }
    }

    /// Waits until every connect has finished; returns how many succeeded.
    func waitForConnects(deadline: TimeInterval) -> Int {
        var pending = Set(fds.indices)
        var connected = 0
        while !pending.isEmpty, Date().timeIntervalSince(started) < deadline {
            let indices = Array(pending)
            var polls = indices.map { pollfd(fd: fds[$0], events: Int16(POLLOUT), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            for (slot, index) in indices.enumerated() where polls[slot].revents != 0 {
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fds[index], SOL_SOCKET, SO_ERROR, &error, &length)
                if error == 0 { connected += 1 }
                pending.remove(index)
            }
        }
        return connected
    }

    /// Reads what the server sends until nothing new happened for `quietFor` seconds: a connection that got a
    /// 503 and a close is refused, one that closed without one is closed, one that stays silent is held.
    func classify(quietFor: TimeInterval, deadline: TimeInterval) -> Outcome {
        var outcome = Outcome()
        var open = Set(fds.indices)
        var lastEvent = Date()
        var received: [Int: [UInt8]] = [:]
        while Date().timeIntervalSince(lastEvent) < quietFor, Date().timeIntervalSince(started) < deadline {
            let indices = Array(open)
            var polls = indices.map { pollfd(fd: fds[$0], events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            lastEvent = Date()
            for (slot, index) in indices.enumerated() where polls[slot].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(fds[index], $0.baseAddress, $0.count, 0) }
                if count > 0 {
                    received[index, default: []] += chunk[0..<count]
                    continue
                }
                if count < 0, errno == EAGAIN { continue }
                open.remove(index)
                let text = String(decoding: received[index] ?? [], as: UTF8.self)
                if text.hasPrefix("HTTP/1.1 503 ") {
                    outcome.refused += 1
                    outcome.slowestRefusal = max(outcome.slowestRefusal, Date().timeIntervalSince(started))
                } else {
                    outcome.closed += 1
                }
            }
        }
        outcome.held = open.count
        for index in fds.indices { state[index] = open.contains(index) }
        return outcome
    }

    /// Sends `GET /healthz` on every held connection; returns how many answered `200`.
    func serveHealthOnHeld() -> Int {
        let held = state.filter(\.value).map(\.key)
        let request = Array("GET /healthz HTTP/1.1\r\nHost: flood\r\n\r\n".utf8)
        for index in held {
            _ = request.withUnsafeBytes { send(fds[index], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        }
        var answered = 0
        var waiting = Set(held)
        var buffers: [Int: [UInt8]] = [:]
        let deadline = Date().addingTimeInterval(20)
        while !waiting.isEmpty, Date() < deadline {
            let indices = Array(waiting)
            var polls = indices.map { pollfd(fd: fds[$0], events: Int16(POLLIN), revents: 0) }
            guard poll(&polls, nfds_t(polls.count), 100) > 0 else { continue }
            for (slot, index) in indices.enumerated() where polls[slot].revents != 0 {
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = chunk.withUnsafeMutableBytes { recv(fds[index], $0.baseAddress, $0.count, 0) }
                if count > 0 { buffers[index, default: []] += chunk[0..<count] }
                if count < 0, errno == EAGAIN { continue }
                let text = String(decoding: buffers[index] ?? [], as: UTF8.self)
                if text.hasPrefix("HTTP/1.1 200 "), text.contains("\r\n\r\n") {
                    answered += 1
                    waiting.remove(index)
                } else if count <= 0 {
                    waiting.remove(index)
                }
            }
        }
        return answered
    }

    func closeAll() {
        for fd in fds where fd >= 0 { close(fd) }
        fds = fds.map { _ in -1 }
    }
}
