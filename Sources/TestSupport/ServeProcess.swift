import Foundation
import Glibc
import Synchronization

/// `roster serve` as a child process on a port the kernel picks, for tests that need the server in a process
/// of its own: to read its memory (`VmRSS`), to give it its own descriptor limit, or to kill it.
///
/// Its standard output (the access log) is read and discarded on a thread of its own, so a busy server never
/// blocks on a full pipe; the last 64 KiB of standard error are kept for failure messages. Call `stop()`.
public final class ServeProcess: @unchecked Sendable {
    /// The child process.
    public let process = Process()
    /// The port it listens on (127.0.0.1).
    public private(set) var port = 0
    private let errorTail = ByteTail()

    /// Starts `roster serve` against `databaseURL` with `environment` added (rate limiting off and 4 workers
    /// unless given), and waits (at most `timeout` seconds) until it prints the port it serves on.
    public init(databaseURL: String, environment: [String: String] = [:], timeout: TimeInterval = 60) throws {
        var env = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "DATABASE_URL": databaseURL,
            "ROSTER_HTTP_PORT": "0", "ROSTER_HTTP_HOST": "127.0.0.1", "ROSTER_HTTP_WORKERS": "4",
            "ROSTER_RATE_LIMIT": "0",
        ]
        for (key, value) in environment { env[key] = value }
        process.executableURL = RosterProcess.executable
        process.arguments = ["serve"]
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()

        let announced = Mutex<Int?>(nil)
        let reader = out.fileHandleForReading
        Thread.detachNewThread {
            // The first lines say where it serves; everything after is the access log, read and dropped.
            var pending = [UInt8]()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { return }
                if announced.withLock({ $0 }) != nil { continue }
                pending += chunk
                let text = String(decoding: pending, as: UTF8.self)
                if let port = Self.announcedPort(in: text) {
                    announced.withLock { $0 = port }
                    pending = []
                }
            }
        }
        let tail = errorTail
        let errorReader = err.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = errorReader.availableData
                if chunk.isEmpty { return }
                tail.append(Array(chunk))
            }
        }
        let start = Date()
        while Date().timeIntervalSince(start) < timeout, process.isRunning {
            if let port = announced.withLock({ $0 }) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        stop()
        throw TestHTTPClient.Failure(description: "roster serve did not start: \(standardErrorTail)")
    }

    /// The port in `roster: serving SCIM 2.0 on http://127.0.0.1:PORT/api/scim/v2`.
    static func announcedPort(in text: String) -> Int? {
        guard let range = text.range(of: "serving SCIM 2.0 on http://") else { return nil }
        let rest = text[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        guard rest[rest.index(after: colon)...].dropFirst(digits.count).first == "/" else { return nil }
        return Int(digits)
    }

    /// The process id.
    public var pid: Int32 { process.processIdentifier }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// The resident set size in KiB (`VmRSS` of `/proc/PID/status`), or nil once the process is gone.
    public var residentKilobytes: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// The last 64 KiB the server wrote to standard error.
    public var standardErrorTail: String { String(decoding: errorTail.bytes, as: UTF8.self) }

    /// SIGTERM, then SIGKILL if it has not exited within `grace` seconds; waits for the exit.
    public func stop(grace: TimeInterval = 15) {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        let start = Date()
        while process.isRunning, Date().timeIntervalSince(start) < grace { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { kill(pid, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The last 64 KiB written to a stream.
private final class ByteTail: Sendable {
    private let storage = Mutex<[UInt8]>([])

    func append(_ chunk: [UInt8]) {
        storage.withLock { bytes in
            bytes += chunk
            if bytes.count > 65_536 { bytes.removeFirst(bytes.count - 65_536) }
        }
    }

    var bytes: [UInt8] { storage.withLock { $0 } }
}
