import Foundation

/// How to create and run a `LocalCluster`.
public struct LocalClusterConfiguration: Sendable {
    /// The cluster folder. It holds `data/` (the PostgreSQL data folder), `server.log` and
    /// `cluster.lock`. A relative path is taken from the current directory at `init`.
    public var folder: String
    /// Server settings passed as `-c name=value` at start (for example `fsync`: `off`).
    public var settings: [String: String]
    /// The TCP port; `nil` picks a free one at each start.
    public var port: Int?
    /// The only TCP address the server listens on.
    public var listenAddress: String
    /// The folder under which a private unix-socket folder is made. Keep it short: a socket path
    /// must stay under about 100 bytes.
    public var socketParent: String
    /// The database superuser `initdb` creates.
    public var superuser: String
    /// The system user that runs the server when this process is root.
    public var serverUser: String
    /// Whether `initdb` waits for its files to reach the disk (`--no-sync` when false).
    public var syncsInitdb: Bool
    /// Seconds to wait for the server to start or stop (`pg_ctl -t`).
    public var timeout: Int
    /// The installation to use; `nil` finds one with `PostgresBinaries.locate()` at start.
    public var binaries: PostgresBinaries?

    /// A configuration with PostgreSQL's defaults in `folder`.
    public init(
        folder: String, settings: [String: String] = [:], port: Int? = nil, binaries: PostgresBinaries? = nil
    ) {
        let absolute =
            folder.hasPrefix("/")
            ? folder : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(folder)
        self.folder = (absolute as NSString).standardizingPath
        self.settings = settings
        self.port = port
        self.listenAddress = "127.0.0.1"
        self.socketParent = "/tmp"
        self.superuser = "postgres"
        self.serverUser = "postgres"
        self.syncsInitdb = true
        self.timeout = 60
        self.binaries = binaries
    }

    /// For tests: durability off (`fsync`, `synchronous_commit`, `full_page_writes`), 300
    /// connections, `initdb --no-sync`.
    public static func testing(folder: String) -> LocalClusterConfiguration {
        var configuration = LocalClusterConfiguration(
            folder: folder,
            settings: [
                "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "300",
            ])
        configuration.syncsInitdb = false
        return configuration
    }

    /// For `roster serve`: PostgreSQL's defaults (durable) with 200 connections.
    public static func serving(folder: String) -> LocalClusterConfiguration {
        LocalClusterConfiguration(folder: folder, settings: ["max_connections": "200"])
    }

    /// The PostgreSQL data folder inside `folder`.
    public var dataDirectory: String { (folder as NSString).appendingPathComponent("data") }
    /// The server log inside `folder`.
    public var logFile: String { (folder as NSString).appendingPathComponent("server.log") }
    /// The lock file that serialises starts and stops of this cluster across processes.
    var lockFile: String { (folder as NSString).appendingPathComponent("cluster.lock") }

    /// The `postgres` options for `pg_ctl -o`, quoted for the shell `pg_ctl` runs them through.
    func serverOptions(port: Int, socketDirectory: String) throws(LocalPostgresError) -> String {
        var words = ["-p", String(port), "-k", socketDirectory, "-c", "listen_addresses=\(listenAddress)"]
        for name in settings.keys.sorted() {
            guard LocalClusterConfiguration.isValidSettingName(name), let value = settings[name] else {
                throw LocalPostgresError(.invalidConfiguration, "invalid server setting name \"\(name)\"")
            }
            guard !LocalClusterConfiguration.reservedSettings.contains(name.lowercased()) else {
                throw LocalPostgresError(
                    .invalidConfiguration, "server setting \"\(name)\" is managed by LocalCluster; use its own option")
            }
            words += ["-c", "\(name)=\(value)"]
        }
        return words.map(Subprocess.shellQuoted).joined(separator: " ")
    }

    /// Settings `LocalCluster` sets itself from `port`, `listenAddress` and `socketParent`.
    static let reservedSettings: Set<String> = ["port", "listen_addresses", "unix_socket_directories"]

    private static func isValidSettingName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }
}
