import Foundation

/// Runs the built `roster` executable as a child process, for CLI tests.
public enum RosterProcess {
    /// What a run printed and returned.
    public struct Output: Sendable {
        /// Exit status.
        public let status: Int32
        /// Standard output.
        public let stdout: String
        /// Standard error.
        public let stderr: String
    }

    /// The `roster` binary next to the test bundle (`.build/<config>/roster`).
    public static var executable: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? ".")
        var folder = bundle.deletingLastPathComponent()
        // The test runner may be `…/RosterPackageTests.xctest` or a helper inside it.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("roster")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/.build/debug/roster")
    }

    /// Runs `roster arguments…` with `environment` added to (and overriding) a minimal environment.
    public static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 120)
        throws -> Output
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        let outData = DataBox()
        let errData = DataBox()
        for (pipe, box) in [(out, outData), (err, errData)] {
            group.enter()
            Thread.detachNewThread {
                box.set(pipe.fileHandleForReading.readDataToEndOfFile())
                group.leave()
            }
        }
        if group.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
        }
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }
}

private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}
