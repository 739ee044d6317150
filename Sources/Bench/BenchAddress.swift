import Foundation
import Glibc

/// An IPv4 address and port to load: from `http://HOST:PORT` (HOST an IPv4 address or `localhost`).
public struct BenchAddress: Sendable, Equatable {
    /// Dotted IPv4 address.
    public let host: String
    /// TCP port.
    public let port: Int

    /// An address.
    public init(host: String, port: Int) {
        self.host = host == "localhost" ? "127.0.0.1" : host
        self.port = port
    }

    /// Parses `http://HOST:PORT[/…]`.
    public init(url: String) throws(BenchUsageError) {
        guard url.hasPrefix("http://") else { throw BenchUsageError("--server-url must be http://HOST:PORT") }
        let rest = url.dropFirst("http://".count).prefix { $0 != "/" }
        let parts = rest.split(separator: ":")
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            throw BenchUsageError("--server-url must be http://HOST:PORT")
        }
        self.init(host: String(parts[0]), port: port)
        var probe = in_addr()
        guard inet_pton(AF_INET, self.host, &probe) == 1 else {
            throw BenchUsageError("--server-url: use an IPv4 address or localhost")
        }
    }

    /// `http://host:port`.
    public var url: String { "http://\(host):\(port)" }

    var sockaddr: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    /// A TCP port of 127.0.0.1 that was free a moment ago (bound to port 0, then closed).
    public static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = BenchAddress(host: "127.0.0.1", port: 0).sockaddr
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: Glibc.sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
