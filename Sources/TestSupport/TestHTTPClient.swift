import Foundation
import Glibc

/// A small blocking HTTP/1.1 client over one keep-alive TCP connection to 127.0.0.1, for tests.
///
/// It reads responses framed by `Content-Length` (what Roster always sends) and keeps the headers as
/// an ordered list.
public final class TestHTTPClient {
    /// A response as received.
    public struct Response: Sendable {
        /// Status code.
        public let status: Int
        /// Header fields in order.
        public let headers: [(name: String, value: String)]
        /// Body bytes.
        public let body: [UInt8]

        /// The first value of header `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }

        /// The body parsed with Foundation (tests only).
        public var json: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

        /// The body as a JSON object (tests only).
        public var object: [String: Any] { (json as? [String: Any]) ?? [:] }
    }

    /// A client error (connect, timeout, malformed response, closed).
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        /// A failure described by `description`.
        public init(description: String) { self.description = description }
    }

    private var fd: Int32
    private var buffer: [UInt8] = []
    /// The server's port.
    public let port: Int

    /// Connects to 127.0.0.1:`port`; reads time out after `timeout` seconds.
    public init(port: Int, timeout: Int = 30) throws {
        self.port = port
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
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
            let code = errno
            Glibc.close(fd)
            throw Failure(description: "connect: errno \(code)")
        }
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Closes the connection.
    public func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
    }

    /// Sends raw bytes.
    public func sendRaw(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: errno \(errno)")
            }
            offset += sent
        }
    }

    /// Sends a request and reads its response.
    public func request(
        _ method: String, _ path: String, host: String = "localhost", headers: [(String, String)] = [],
        body: String? = nil
    ) throws -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.utf8.count)\r\n" }
        head += "\r\n"
        try sendRaw(Array(head.utf8) + Array((body ?? "").utf8))
        return try readResponse(headRequest: method == "HEAD")
    }

    /// Reads one response (the body is skipped for HEAD and 1xx/204/304).
    public func readResponse(headRequest: Bool = false) throws -> Response {
        while true {
            if let end = find(Array("\r\n\r\n".utf8)) {
                let headText = String(decoding: buffer[..<end], as: UTF8.self)
                var lines = headText.components(separatedBy: "\r\n")
                let statusLine = lines.removeFirst().split(separator: " ")
                guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
                    throw Failure(description: "bad status line: \(headText.prefix(80))")
                }
                let headers = lines.compactMap { line -> (name: String, value: String)? in
                    guard let colon = line.firstIndex(of: ":") else { return nil }
                    return (
                        String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    )
                }
                let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
                let hasBody = !headRequest && status != 204 && status != 304 && !(100...199).contains(status)
                let bodyLength = hasBody ? length : 0
                while buffer.count < end + 4 + bodyLength { try fill() }
                let body = Array(buffer[(end + 4)..<(end + 4 + bodyLength)])
                buffer.removeFirst(end + 4 + bodyLength)
                return Response(status: status, headers: headers, body: body)
            }
            try fill()
        }
    }

    /// Whether the server closed the connection (reads EOF within `timeout` seconds).
    public func isClosedByServer() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 4096)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return received == 0 || (received < 0 && errno == ECONNRESET)
    }

    private func fill() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if received < 0 {
            if errno == EINTR { return }
            throw Failure(description: "recv: errno \(errno)")
        }
        if received == 0 { throw Failure(description: "connection closed by server") }
        buffer += chunk[0..<received]
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard buffer.count >= needle.count else { return nil }
        for index in 0...(buffer.count - needle.count) where buffer[index] == needle[0] {
            if Array(buffer[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }
}
