import Foundation

/// The one error type of the `LocalPostgres` module.
///
/// `description` is one short human line; `debugDescription` adds what an operator needs to find the
/// cause: the command that ran, its exit status, its output and the tail of the server log.
public struct LocalPostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, for callers that want to react to one case.
    public enum Kind: String, Sendable, Equatable {
        /// `initdb`, `pg_ctl` and `postgres` were not found together in any searched folder.
        case binariesNotFound
        /// Running as root, but the `postgres` system user (or `runuser`) is missing.
        case serverUserMissing
        /// The server user cannot reach or write the cluster folder.
        case folderNotReachable
        /// The cluster folder holds something that is not a PostgreSQL cluster.
        case folderNotUsable
        /// `initdb` failed.
        case initdbFailed
        /// The server did not start.
        case startFailed
        /// The server did not stop.
        case stopFailed
        /// Another process held the cluster's lock file for too long.
        case lockTimeout
        /// The server is not running (for example `connectionString` before `start`).
        case notRunning
        /// A configuration value is invalid.
        case invalidConfiguration
        /// A file-system or system call failed.
        case system
    }

    /// What went wrong.
    public let kind: Kind
    /// One short human line.
    public let description: String
    /// The command line that failed, if a subprocess failed.
    public var command: String?
    /// The exit status of that command.
    public var exitStatus: Int32?
    /// The command's captured stdout and stderr (trimmed).
    public var output: String?
    /// The last lines of the server log, when it helps.
    public var logTail: String?

    /// Creates an error of `kind` with a one-line `description`.
    public init(
        _ kind: Kind, _ description: String, command: String? = nil, exitStatus: Int32? = nil,
        output: String? = nil, logTail: String? = nil
    ) {
        self.kind = kind
        self.description = description
        self.command = command
        self.exitStatus = exitStatus
        self.output = output
        self.logTail = logTail
    }

    /// The description followed by the command, exit status, output and server log tail.
    public var debugDescription: String {
        var lines = ["LocalPostgresError.\(kind.rawValue): \(description)"]
        if let command { lines.append("command: \(command)") }
        if let exitStatus { lines.append("exit status: \(exitStatus)") }
        if let output, !output.isEmpty { lines.append("output:\n\(output)") }
        if let logTail, !logTail.isEmpty { lines.append("server log (tail):\n\(logTail)") }
        return lines.joined(separator: "\n")
    }
}

extension LocalPostgresError {
    /// The message for a machine without the PostgreSQL server binaries.
    static let binariesNotFoundMessage =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found on PATH or under "
        + "/usr/lib/postgresql/*/bin; install them with: apt-get install postgresql libpq-dev"

    /// An error for a failed subprocess, carrying its command line, status and output.
    static func failed(_ kind: Kind, _ description: String, _ result: Subprocess.Result, logTail: String? = nil)
        -> LocalPostgresError
    {
        LocalPostgresError(
            kind, description, command: result.commandLine, exitStatus: result.status,
            output: result.combinedOutput, logTail: logTail)
    }

    /// An error for a failed system call, with `errno` decoded.
    static func system(_ what: String, errno code: Int32) -> LocalPostgresError {
        LocalPostgresError(.system, "\(what): \(String(cString: strerror(code)))")
    }
}
