import Foundation
import Glibc

/// One keep-alive HTTP/1.1 connection over a blocking TCP socket, used by one load-generator thread.
/// Responses must carry `Content-Length` (Roster and nginx both send it); anything else is a protocol error
/// and the connection is dropped (the next request reconnects).
final class ClientConnection {
    private let address: BenchAddress
    private var socket: Int32 = -1
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// Bytes of `buffer` already read but not yet consumed.
    private var start = 0
    private var end = 0

    init(address: BenchAddress) {
        self.address = address
    }

    deinit { close() }

    func close() {
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        start = 0
        end = 0
    }

    /// Sends `request` and reads the whole response; `keepBody` keeps its bytes.
    func send(_ request: [UInt8], keepBody: Bool) throws(ClientError) -> BenchResponse {
        if socket < 0 { try connect() }
        do {
            try writeAll(request)
            return try readResponse(keepBody: keepBody)
        } catch {
            close()
            throw error
        }
    }

    private func connect() throws(ClientError) {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .io("socket: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var target = address.sockaddr
        let result = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .io("connect: errno \(code)")
        }
        socket = fd
    }

    private func writeAll(_ bytes: [UInt8]) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, $0.count - offset, 0) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .io("send: errno \(errno)")
            }
            offset += written
        }
    }

    /// Reads more bytes into the buffer (growing it when full); false at end of stream.
    private func fill() throws(ClientError) -> Bool {
        if start > 0 && start == end {
            start = 0
            end = 0
        }
        if end == buffer.count {
            if start > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                }
                end -= start
                start = 0
            } else {
                buffer += [UInt8](repeating: 0, count: buffer.count)
            }
        }
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket, $0.baseAddress! + end, $0.count - end, 0) }
            if count > 0 {
                end += count
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            throw .io(errno == EAGAIN ? "timed out waiting for the response" : "recv: errno \(errno)")
        }
    }

    private func readResponse(keepBody: Bool) throws(ClientError) -> BenchResponse {
        // Offsets relative to `start`: `fill()` may move the unread bytes to the front of the buffer.
        var headLength: Int?
        var scanned = 0
        while true {
            if let end = ResponseHead.endOfHead(buffer, from: start + Swift.max(0, scanned - 3), to: end) {
                headLength = end - start
                break
            }
            scanned = end - start
            guard try fill() else { throw .io("connection closed by the server") }
        }
        // Safe: the loop above only ends with a head length.
        let headSize = headLength!
        let head = try ResponseHead.parse(buffer[start..<(start + headSize)])
        while end - start < headSize + head.contentLength {
            guard try fill() else { throw .io("connection closed in the middle of a body") }
        }
        let bodyStart = start + headSize
        let bodyEnd = bodyStart + head.contentLength
        // Error bodies are kept too: the report quotes one per status.
        let body = keepBody || head.status >= 300 ? Array(buffer[bodyStart..<bodyEnd]) : []
        start = bodyEnd
        if head.closes { close() }
        return BenchResponse(status: head.status, location: head.location, body: body, bodySize: head.contentLength)
    }
}

/// A failure of the connection itself (not an HTTP status).
enum ClientError: Error {
    /// Socket failure, closed connection or timeout.
    case io(String)
    /// A response the client cannot read.
    case protocolError(String)
}
