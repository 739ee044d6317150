import Glibc

/// TCP socket operations on raw descriptors, each through ``syscall(_:_:)``.
enum Socket {
    /// Creates a non-blocking listening socket bound to `host:port` (`port` 0 picks a free port).
    /// Returns the descriptor and the bound port.
    static func makeListener(host: String, port: Int, backlog: Int) throws(HTTPError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if let list { freeaddrinfo(list) } }
        guard status == 0, let address = list?.pointee else {
            throw HTTPError(.systemCall, "cannot resolve listen address \(host):\(port)", function: "getaddrinfo")
        }
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let fd = try syscallValue("socket") { socket(address.ai_family, type, 0) }
        do throws(HTTPError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            _ = try syscallValue("bind") { bind(fd, address.ai_addr, address.ai_addrlen) }
            _ = try syscallValue("listen") { listen(fd, Int32(clamping: backlog)) }
            return (fd, try localPort(fd))
        } catch {
            closeDescriptor(fd)
            throw error
        }
    }

    /// The port a socket is bound to (`getsockname`).
    static func localPort(_ fd: Int32) throws(HTTPError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(HTTPError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(HTTPError) in
                try syscallValue("getsockname") { getsockname(fd, address, &length) }
            }
        }
        return port(of: storage)
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec descriptor with its peer address.
    static func accept(
        _ listener: Int32, api: LinuxAPI
    ) throws(HTTPError) -> IOResult<(fd: Int32, address: String)> {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let flags = Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        let result = try withUnsafeMutablePointer(to: &storage) { (pointer) throws(HTTPError) in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { (address) throws(HTTPError) in
                try syscall("accept4") { api.accept4(listener, address, &length, flags) }
            }
        }
        switch result {
        case .wouldBlock: return .wouldBlock
        case .done(let fd): return .done((fd, describe(storage)))
        }
    }

    /// Reads into `buffer`; `.done(0)` means the peer closed its side.
    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(HTTPError) -> IOResult<Int> {
        try syscall("read") { Glibc.read(fd, buffer.baseAddress, buffer.count) }
    }

    /// Sends as much of `bytes` as the socket takes now, never raising SIGPIPE.
    static func send(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws(HTTPError) -> IOResult<Int> {
        try syscall("send") { Glibc.send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
    }

    /// Disables Nagle's algorithm, so a response is not held back waiting for an ACK.
    static func setNoDelay(_ fd: Int32) {
        _ = try? setOption(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    /// Sends FIN: the peer reads end-of-stream after what was written.
    static func shutdownWrite(_ fd: Int32) {
        _ = try? syscall("shutdown") { shutdown(fd, Int32(SHUT_WR)) }
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(HTTPError) {
        var value = value
        _ = try syscallValue("setsockopt") {
            setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    private static func port(of storage: sockaddr_storage) -> Int {
        var storage = storage
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in.self).sin_port)) }
        case AF_INET6:
            return withUnsafeBytes(of: &storage) { Int(UInt16(bigEndian: $0.load(as: sockaddr_in6.self).sin6_port)) }
        default:
            return 0
        }
    }

    /// The IP address of a peer, as text (`inet_ntop`), or an empty string.
    private static func describe(_ storage: sockaddr_storage) -> String {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(storage.ss_family)
        let converted: UnsafePointer<CChar>? = withUnsafeMutableBytes(of: &storage) { raw in
            switch family {
            case AF_INET:
                let offset = MemoryLayout<sockaddr_in>.offset(of: \.sin_addr) ?? 4
                return inet_ntop(AF_INET, raw.baseAddress?.advanced(by: offset), &text, socklen_t(text.count))
            case AF_INET6:
                let offset = MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr) ?? 8
                return inet_ntop(AF_INET6, raw.baseAddress?.advanced(by: offset), &text, socklen_t(text.count))
            default:
                return nil
            }
        }
        guard converted != nil else { return "" }
        let length = text.firstIndex(of: 0) ?? text.count
        return String(decoding: text[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
