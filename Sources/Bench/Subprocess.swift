import Foundation
import Glibc

/// Runs a helper program (pgbench, wrk, git) and returns what it printed.
enum Subprocess {
    /// Standard output and standard error of `executable arguments…` together; throws when it cannot start.
    /// The exit status is returned too (pgbench exits 2 when a client aborted but still prints its figures).
    /// A program still running after `timeout` seconds is killed (its output so far is returned).
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 600) throws -> (
        status: Int32, output: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let pid = process.processIdentifier
        let watchdog = DispatchWorkItem {
            if process.isRunning { kill(pid, SIGKILL) }
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        defer { watchdog.cancel() }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The output of a run that must succeed; nil otherwise.
    static func output(_ executable: String, _ arguments: [String], timeout: Double = 600) throws -> String? {
        let result = try run(executable, arguments, timeout: timeout)
        return result.status == 0 ? result.output : nil
    }
}
