import Glibc

/// The one error type of the `HTTP` module: malformed or oversized requests, failed system calls, bad
/// configuration and misuse of the server.
///
/// `description` is safe to show a client (for request errors it names the problem, never internals);
/// `debugDescription` adds the system call and `errno` for logs. Two errors are equal when their codes are.
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case badRequest, requestTimeout, contentTooLarge, expectationFailed, headerFieldsTooLarge
            case versionNotSupported, serviceUnavailable
            case systemCall, invalidConfiguration, invalidState
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// `400`: the request is malformed or ambiguous (RFC 9112); the connection is closed.
        public static let badRequest = Code(.badRequest)
        /// `408`: the request did not arrive in full within the request timeout.
        public static let requestTimeout = Code(.requestTimeout)
        /// `413`: the body is larger than the configured limit.
        public static let contentTooLarge = Code(.contentTooLarge)
        /// `417`: an `Expect` value other than `100-continue`.
        public static let expectationFailed = Code(.expectationFailed)
        /// `431`: the request line and headers are too long, or there are too many header fields.
        public static let headerFieldsTooLarge = Code(.headerFieldsTooLarge)
        /// `505`: a major version other than 1.
        public static let versionNotSupported = Code(.versionNotSupported)
        /// `503`: the hand-off queue is full.
        public static let serviceUnavailable = Code(.serviceUnavailable)
        /// A system call failed; see ``HTTPError/errno`` and ``HTTPError/function``.
        public static let systemCall = Code(.systemCall)
        /// A configuration value is out of range or unreadable.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// The server was used out of order (e.g. started twice).
        public static let invalidState = Code(.invalidState)

        /// The name of the code.
        public var description: String { String(describing: base) }
    }

    /// What went wrong.
    public let code: Code
    /// A short explanation, safe to show a client for request errors.
    public let detail: String
    /// The `errno` of a failed system call.
    public let errno: Int32?
    /// The failed system call, e.g. `bind`.
    public let function: String?

    /// Creates an error.
    public init(_ code: Code, _ detail: String, errno: Int32? = nil, function: String? = nil) {
        self.code = code
        self.detail = detail
        self.errno = errno
        self.function = function
    }

    /// The status code of the response the server sends for this error, when it is a request error.
    public var status: Int? {
        switch code {
        case .badRequest: return 400
        case .requestTimeout: return 408
        case .contentTooLarge: return 413
        case .expectationFailed: return 417
        case .headerFieldsTooLarge: return 431
        case .versionNotSupported: return 505
        case .serviceUnavailable: return 503
        default: return nil
        }
    }

    /// The safe message: the detail for request and configuration errors, a generic line otherwise.
    public var description: String {
        code == .systemCall ? "system call failed" : detail
    }

    /// Everything known, for logs.
    public var debugDescription: String {
        var text = "HTTPError(\(code)): \(detail)"
        if let function { text += " [\(function)]" }
        if let errno {
            let message = strerror(errno).map { String(cString: $0) } ?? "unknown"
            text += " errno \(errno) (\(message))"
        }
        return text
    }

    /// Equality compares codes only.
    public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
        lhs.code == rhs.code
    }

    static func badRequest(_ detail: String) -> HTTPError { HTTPError(.badRequest, detail) }

    static func system(_ function: String, errno: Int32) -> HTTPError {
        HTTPError(.systemCall, "\(function) failed", errno: errno, function: function)
    }
}
