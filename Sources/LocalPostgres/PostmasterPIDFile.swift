import Foundation

/// The `postmaster.pid` file a running server keeps in its data folder.
///
/// Lines (PostgreSQL ≥ 10): 1 pid, 2 data folder, 3 start time, 4 port, 5 first unix-socket folder,
/// 6 first listen address, 7 shared-memory key, 8 status (`starting`, `ready`, `standby`, `stopping`).
struct PostmasterPIDFile: Sendable, Equatable {
    /// The postmaster's process id.
    var pid: pid_t
    /// The TCP port (also in the unix socket's name).
    var port: Int
    /// The first unix-socket folder, if the server has one.
    var socketDirectory: String?
    /// The first TCP listen address, if any.
    var listenAddress: String?
    /// `starting`, `ready`, `standby` or `stopping`, when written.
    var status: String?

    /// Whether the server accepts connections.
    var isReady: Bool { status == "ready" || status == "standby" }

    /// Parses the file's text; `nil` when it is cut short or malformed (the server may be writing it).
    init?(contents: String) {
        let lines = contents.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard lines.count >= 4, let pid = pid_t(lines[0]), pid > 0, let port = Int(lines[3]), port > 0 else {
            return nil
        }
        self.pid = pid
        self.port = port
        socketDirectory = lines.count > 4 && !lines[4].isEmpty ? lines[4] : nil
        listenAddress = lines.count > 5 && !lines[5].isEmpty ? lines[5] : nil
        status = lines.count > 7 && !lines[7].isEmpty ? lines[7] : nil
    }

    /// Reads the file of the data folder, if present and well-formed.
    static func read(dataDirectory: String) -> PostmasterPIDFile? {
        let path = (dataDirectory as NSString).appendingPathComponent("postmaster.pid")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return PostmasterPIDFile(contents: String(decoding: data, as: UTF8.self))
    }

    /// Whether the recorded process is alive and looks like a PostgreSQL server (a stale file may
    /// name a pid some other program now has).
    var isProcessAlive: Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let comm = FileManager.default.contents(atPath: "/proc/\(pid)/comm") else { return true }
        let name = String(decoding: comm, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return name.hasPrefix("postgres") || name.hasPrefix("postmaster")
    }
}
