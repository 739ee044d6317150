/// The HTTP version of a request line (`HTTP/<major>.<minor>`, RFC 9112 §2.3).
public struct HTTPVersion: Hashable, Sendable, CustomStringConvertible {
    /// The major version; the parser only lets `1` through (others get `505`).
    public let major: Int
    /// The minor version: `0` means HTTP/1.0 rules, anything higher HTTP/1.1 rules.
    public let minor: Int

    /// Creates a version.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0: connections close after each response unless the client sends `Connection: keep-alive`.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1: connections stay open unless either side sends `Connection: close`.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// Whether HTTP/1.1 rules apply (Host required, keep-alive by default, chunked allowed).
    public var isAtLeastHTTP11: Bool { major > 1 || (major == 1 && minor >= 1) }

    /// `HTTP/1.1` and so on.
    public var description: String { "HTTP/\(major).\(minor)" }
}
