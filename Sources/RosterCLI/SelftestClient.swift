import Foundation
import Glibc

/// The blocking HTTP/1.1 client of `roster selftest`: one keep-alive TCP connection to the server's
/// `http://host:port` (plain HTTP: the selftest runs next to the server, behind any TLS proxy), sending the
/// organization's host name in `Host`. Responses are framed by `Content-Length`, as Roster always sends.
final class SelftestClient {
    /// A response: status, headers (names lower-cased) and the body parsed as JSON when it is JSON.
    struct Response {
        let status: Int
        let headers: [String: String]
        let text: String
        var object: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// The server could not be reached or broke the exchange.
    struct Unreachable: Error {
        let message: String
    }

    let address: String
    let port: Int
    let host: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private static let timeoutSeconds = 15

    /// A client for `url` (`http://address[:port]`) that sends `host` as the Host header.
    init(url: String, host: String) throws {
        guard url.hasPrefix("http://") else {
            throw UsageError("--url must be http://HOST[:PORT] (run the selftest next to the server)")
        }
        var authority = String(url.dropFirst("http://".count))
        if let slash = authority.firstIndex(of: "/") { authority = String(authority[..<slash]) }
        var portNumber = 80
        if let colon = authority.lastIndex(of: ":") {
            guard let value = Int(authority[authority.index(after: colon)...]), (1...65535).contains(value) else {
                throw UsageError("invalid port in --url '\(url.prefix(80))'")
            }
            portNumber = value
            authority = String(authority[..<colon])
        }
        guard !authority.isEmpty else { throw UsageError("--url needs a host: http://HOST[:PORT]") }
        address = authority
        port = portNumber
        self.host = host
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Sends one request; reconnects once when a kept-alive connection was closed by the server.
    func send(
        _ method: String, _ path: String, body: String? = nil, token: String, userAgent: String
    ) throws(Unreachable) -> Response {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nAuthorization: Bearer \(token)\r\n"
        head += "User-Agent: \(userAgent)\r\nAccept: application/scim+json\r\n"
        if let body { head += "Content-Type: application/scim+json\r\nContent-Length: \(body.utf8.count)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + Array((body ?? "").utf8)
        do {
            return try exchange(bytes)
        } catch {
            close()
            return try exchange(bytes)
        }
    }

    func close() {
        if fd >= 0 { Glibc.close(fd) }
        fd = -1
        buffer = []
    }

    private func exchange(_ bytes: [UInt8]) throws(Unreachable) -> Response {
        if fd < 0 { try connect() }
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 && errno == EINTR { continue }
            guard sent > 0 else { throw Unreachable(message: "send failed: errno \(errno)") }
            offset += sent
        }
        let separator = Array("\r\n\r\n".utf8)
        while true {
            if let end = buffer.firstRange(of: separator)?.lowerBound {
                let lines = String(decoding: buffer[..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let parts = lines.first?.split(separator: " ") ?? []
                guard parts.count >= 2, let status = Int(parts[1]) else {
                    throw Unreachable(message: "not an HTTP response")
                }
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                        .trimmingCharacters(in: .whitespaces)
                }
                let length = status == 204 || status == 304 ? 0 : Int(headers["content-length"] ?? "0") ?? 0
                while buffer.count < end + 4 + length { try fill() }
                let body = String(decoding: buffer[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                buffer.removeFirst(end + 4 + length)
                if headers["connection"]?.lowercased() == "close" { close() }
                return Response(status: status, headers: headers, text: body)
            }
            try fill()
        }
    }

    private func fill() throws(Unreachable) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let received = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if received < 0 && errno == EINTR { return }
        guard received > 0 else {
            throw Unreachable(message: received == 0 ? "connection closed by the server" : "no answer: errno \(errno)")
        }
        buffer += chunk[0..<received]
    }

    private func connect() throws(Unreachable) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(address, String(port), &hints, &list) == 0, let first = list else {
            throw Unreachable(message: "cannot resolve \(address)")
        }
        defer { freeaddrinfo(list) }
        var failure = "connect to \(address):\(port) failed"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            let socketFD = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard socketFD >= 0 else { continue }
            var timeout = timeval(tv_sec: Self.timeoutSeconds, tv_usec: 0)
            setsockopt(socketFD, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socketFD, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            if Glibc.connect(socketFD, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 {
                fd = socketFD
                return
            }
            failure = "connect to \(address):\(port) failed: \(String(cString: strerror(errno)))"
            Glibc.close(socketFD)
        }
        throw Unreachable(message: failure)
    }
}
