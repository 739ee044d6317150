import Foundation
import Synchronization

/// Asks the kernel for a free TCP port on a local address.
enum FreePort {
    /// Ports handed out by this process, so two clusters started at once do not get the same one
    /// (the kernel may hand a just-closed port out again).
    private static let handedOut = Mutex<Set<Int>>([])

    /// Binds port 0 on `address`, reads the port back with `getsockname`, closes the socket and
    /// returns the port. The port is free now; a server that binds it later may still lose a race,
    /// which its caller handles by retrying.
    static func pick(address: String = "127.0.0.1") throws(LocalPostgresError) -> Int {
        for _ in 0..<32 {
            let port = try probe(address: address)
            let isNew = handedOut.withLock { $0.insert(port).inserted }
            if isNew { return port }
        }
        throw LocalPostgresError(.system, "no free TCP port found on \(address)")
    }

    private static func probe(address: String) throws(LocalPostgresError) -> Int {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LocalPostgresError.system("socket", errno: errno) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        guard inet_pton(AF_INET, address, &addr.sin_addr) == 1 else {
            throw LocalPostgresError(.invalidConfiguration, "listen address \(address) is not an IPv4 address")
        }
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw LocalPostgresError.system("bind \(address):0", errno: errno) }
        var actual = sockaddr_in()
        var actualLength = length
        let named = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        guard named == 0 else { throw LocalPostgresError.system("getsockname", errno: errno) }
        return Int(UInt16(bigEndian: actual.sin_port))
    }
}
