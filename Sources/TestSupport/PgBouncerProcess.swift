import Foundation
import Glibc
import Postgres

/// A PgBouncer (apt `pgbouncer`) of the test's own, in front of the shared test cluster: a private folder
/// `/tmp/roster-pgbouncer-<random>` with its ini and auth file, a free port on 127.0.0.1, `auth_type = trust`,
/// and the pool mode the test asks for. Never the system service. `stop()` ends it and deletes the folder.
public final class PgBouncerProcess: @unchecked Sendable {
    /// The `pgbouncer` executable, if installed.
    public static var executable: String? {
        ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Whether a suite can run one here: `pgbouncer` is installed and the tests use their own local cluster
    /// (a `TEST_DATABASE_URL` server may need a password, which this harness does not configure).
    public static var isAvailable: Bool {
        executable != nil && !TestCluster.shared.isExternal
    }

    /// The port it listens on.
    public let port: Int
    private let process = Process()
    private let folder: String

    /// Starts PgBouncer in `poolMode` (`transaction`, `session`) with at most `poolSize` server connections
    /// per database and user, and waits until it accepts a query.
    public init(poolMode: String = "transaction", poolSize: Int = 4) throws {
        guard let executable = Self.executable else { throw Failure("pgbouncer is not installed") }
        let postgresPort = try TestCluster.shared.port
        folder = "/tmp/roster-pgbouncer-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        port = try Self.freePort()
        let ini = """
            [databases]
            * = host=127.0.0.1 port=\(postgresPort)

            [pgbouncer]
            listen_addr = 127.0.0.1
            listen_port = \(port)
            unix_socket_dir =
            auth_type = trust
            auth_file = \(folder)/userlist.txt
            pool_mode = \(poolMode)
            default_pool_size = \(poolSize)
            max_client_conn = 500
            ignore_startup_parameters = extra_float_digits
            logfile =
            pidfile =
            """
        try ini.write(toFile: "\(folder)/pgbouncer.ini", atomically: true, encoding: .utf8)
        try "\"postgres\" \"\"\n".write(toFile: "\(folder)/userlist.txt", atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: "\(folder)/pgbouncer.log", contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        // PgBouncer refuses to run as root; as root it switches to the postgres account.
        process.arguments = (getuid() == 0 ? ["-u", "postgres"] : []) + ["\(folder)/pgbouncer.ini"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "\(folder)/pgbouncer.log")
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let connection = try? Connection(connectionString(database: "postgres")),
                (try? connection.query("SELECT 1")) != nil
            {
                connection.close()
                return
            }
            if !process.isRunning { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        let log = log
        stop()
        throw Failure("pgbouncer did not start: \(log.suffix(500))")
    }

    /// The connection string of `database` through this PgBouncer.
    public func connectionString(database: String) -> String {
        "host=127.0.0.1 port=\(port) user=postgres dbname=\(database) connect_timeout=5"
    }

    /// What PgBouncer logged so far.
    public var log: String {
        (try? String(contentsOfFile: "\(folder)/pgbouncer.log", encoding: .utf8)) ?? ""
    }

    /// Stops PgBouncer (SIGTERM, then SIGKILL after 5 s) and deletes its folder.
    public func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// A free TCP port on 127.0.0.1 (bound to port 0, read, released).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard bound else { throw Failure("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// The harness could not start PgBouncer.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
