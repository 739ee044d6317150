import Foundation
import Glibc

/// A Roster server in a process of its own (so its memory can be measured): started with `executable
/// arguments…` and `environment`, ready once `GET /healthz` answers 200, stopped with SIGTERM.
public final class ServerProcess: Sendable {
    private let process = Process()
    /// Where it listens.
    public let address: BenchAddress

    /// The pid (0 before start).
    public var pid: Int32 { process.processIdentifier }

    /// Starts the server and waits up to `timeout` seconds for it to answer `/healthz`. Standard output
    /// (the access log) goes to `logPath` when given, else to /dev/null; standard error to `errorPath`.
    public init(
        executable: String, arguments: [String], environment: [String: String], port: Int, logPath: String?,
        errorPath: String, timeout: Double = 60
    ) throws {
        address = BenchAddress(host: "127.0.0.1", port: port)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        if let logPath { _ = FileManager.default.createFile(atPath: logPath, contents: nil) }
        process.standardOutput = logPath.flatMap { FileHandle(forWritingAtPath: $0) } ?? FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errorPath) ?? FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let deadline = Date().addingTimeInterval(timeout)
        let probe = ClientConnection(address: address)
        defer { probe.close() }
        let health = BenchRequest(method: "GET", path: "/healthz", host: "localhost", token: "").serialized()
        while Date() < deadline {
            guard process.isRunning else {
                let log = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
                throw BenchFailure(
                    "the Roster server exited with status \(process.terminationStatus): \(log.suffix(2000))")
            }
            if let response = try? probe.send(health, keepBody: false), response.status == 200 { return }
            probe.close()
            usleep(100_000)
        }
        stop()
        throw BenchFailure("the Roster server did not answer /healthz within \(Int(timeout)) s")
    }

    /// Stops the server (SIGTERM, then SIGKILL after 15 s) and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A failure of the bench itself (a server that does not start, a database it cannot reach).
public struct BenchFailure: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// A failure saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
