import Glibc

/// One client TCP connection to 127.0.0.1 with send and receive timeouts.
final class FuzzConnection {
    enum ReadResult {
        case response(ParsedResponse)
        /// End of stream (or reset) before a complete response; the bytes received so far.
        case closed(partial: [UInt8], reset: Bool)
        case malformed(String)
        case timedOut
    }

    private(set) var fd: Int32
    private(set) var buffer: [UInt8] = []

    /// Connects; `timeout` bounds every send and receive.
    init?(port: Int, timeout: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            Glibc.close(fd)
            return nil
        }
    }

    deinit { close() }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Sends everything; returns the errno of a failed send (the server may close early), or nil.
    func send(_ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += sent
        }
        return nil
    }

    func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Whether the peer already closed (a zero-timeout check before reusing a kept-alive connection).
    var isClosedByPeer: Bool {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) == 1 else { return false }
        var byte: UInt8 = 0
        let received = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return received <= 0
    }

    /// Reads until one response is complete (or the stream ends, breaks or times out).
    func readResponse(isHead: Bool) -> ReadResult {
        while true {
            switch ResponseParser.parse(buffer[...], isHead: isHead) {
            case .complete(let response):
                buffer.removeFirst(response.consumed)
                return .response(response)
            case .malformed(let reason): return .malformed(reason)
            case .incomplete: break
            }
            switch fill() {
            case .data: continue
            case .end: return .closed(partial: buffer, reset: false)
            case .reset: return .closed(partial: buffer, reset: true)
            case .timeout: return .timedOut
            }
        }
    }

    /// Reads until end of stream; returns false on a timeout.
    func readToEnd() -> (ok: Bool, reset: Bool) {
        while true {
            switch fill() {
            case .data: continue
            case .end: return (true, false)
            case .reset: return (true, true)
            case .timeout: return (false, false)
            }
        }
    }

    /// Drops the first `count` buffered bytes.
    func consume(_ count: Int) { buffer.removeFirst(min(count, buffer.count)) }

    private enum Fill { case data, end, reset, timeout }

    private func fill() -> Fill {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if received > 0 {
                buffer += chunk[0..<received]
                return .data
            }
            if received == 0 { return .end }
            switch errno {
            case EINTR: continue
            case EAGAIN: return .timeout
            default: return .reset
            }
        }
    }
}
