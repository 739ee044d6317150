import Foundation
import Glibc

/// Errors of the raw test client.
enum TestClientError: Error, CustomStringConvertible {
    case timedOut(String)
    case closed
    case malformed(String)
    case system(String, Int32)

    var description: String {
        switch self {
        case .timedOut(let what): return "timed out waiting for \(what)"
        case .closed: return "connection closed by the server"
        case .malformed(let what): return "malformed response: \(what)"
        case .system(let call, let code): return "\(call) failed: errno \(code)"
        }
    }
}

/// A response as the raw client read it.
struct TestResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// The raw head, for checks on exact bytes.
    var rawHead: String

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking TCP client on raw sockets for tests: writes exact bytes, reads responses with deadlines.
final class TestClient {
    private(set) var fd: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system("socket", errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestClientError.system("connect", code)
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        self.fd = fd
    }

    deinit {
        close()
    }

    /// Closes the socket (once).
    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Sends every byte of `text`.
    func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    /// Sends every byte.
    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress?.advanced(by: sent), bytes.count - sent, Int32(MSG_NOSIGNAL))
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw TestClientError.system("send", errno)
            }
            sent += count
        }
    }

    /// Reads one response. `isHead`: the request was HEAD (no body follows the head).
    func readResponse(isHead: Bool = false, timeout: Duration = .seconds(10)) throws -> TestResponse {
        let deadline = ContinuousClock.now + timeout
        var headEnd = findHeadEnd()
        while headEnd == nil {
            guard try fill(until: deadline) else {
                throw buffer.isEmpty ? TestClientError.closed : TestClientError.malformed("incomplete head")
            }
            headEnd = findHeadEnd()
        }
        guard let headEnd else { throw TestClientError.malformed("no head") }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0] == "HTTP/1.1", let status = Int(statusLine[1]) else {
            throw TestClientError.malformed("status line \(head)")
        }
        var headers: [(name: String, value: String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw TestClientError.malformed("header \(line)") }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers.append((String(line[..<colon]), value))
        }
        var response = TestResponse(status: status, headers: headers, body: [], rawHead: head)
        if isHead || status < 200 || status == 204 || status == 304 { return response }
        if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText) else { throw TestClientError.malformed("length \(lengthText)") }
            while buffer.count < length {
                guard try fill(until: deadline) else { throw TestClientError.malformed("short body") }
            }
            response.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
        } else {
            while try fill(until: deadline) {}
            response.body = buffer
            buffer = []
        }
        return response
    }

    /// Waits until the server closes the connection (end-of-stream or reset), keeping received bytes for
    /// ``readResponse(isHead:timeout:)``. Returns false if it is still open at the deadline.
    func waitForClose(timeout: Duration = .seconds(10)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        do {
            while try fill(until: deadline) {}
            return true
        } catch TestClientError.timedOut {
            return false
        } catch {
            return true  // reset
        }
    }

    /// Whether the connection stays open and silent for `duration`.
    func staysOpen(for duration: Duration) -> Bool {
        do {
            _ = try fill(until: .now + duration)
            return false  // data or end-of-stream arrived
        } catch TestClientError.timedOut {
            return true
        } catch {
            return false
        }
    }

    /// Bytes received and not consumed by `readResponse`.
    var pendingBytes: [UInt8] { buffer }

    /// Reads what arrives within `timeout` (or until close).
    func readAvailable(timeout: Duration) -> [UInt8] {
        let deadline = ContinuousClock.now + timeout
        while (try? fill(until: deadline)) == true {}
        defer { buffer = [] }
        return buffer
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    /// Reads once; false on end-of-stream; throws on timeout or error.
    private func fill(until deadline: ContinuousClock.Instant) throws -> Bool {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { throw TestClientError.timedOut("data") }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                throw TestClientError.system("poll", errno)
            }
            if ready == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw TestClientError.system("recv", errno)
            }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[0..<count])
            return true
        }
    }
}
