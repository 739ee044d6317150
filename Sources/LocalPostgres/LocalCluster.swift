import Foundation
import Synchronization

/// A throwaway PostgreSQL cluster in a folder: created with `initdb` when the folder has none,
/// started on a free port of 127.0.0.1 with a private unix-socket folder, stopped with `pg_ctl`.
///
/// When this process runs as root, the programs run as the `postgres` system user (through
/// `runuser`) and the cluster folder is given to that user. A server already running for the folder
/// (a live pid in `data/postmaster.pid`) is reused, not started twice; `stop()` then leaves it alone
/// unless forced. Starts and stops of one folder are serialised across processes by an `flock` on
/// `cluster.lock` in the folder, and within this process by a lock of this object.
///
/// Authentication is `trust` for local sockets and 127.0.0.1: any local user may connect as the
/// superuser. Fine for a developer machine and tests; use `DATABASE_URL` for anything shared.
///
/// All methods block (they run subprocesses); call them from a thread, not from `async` code.
public final class LocalCluster: Sendable {
    /// How `pg_ctl stop` ends client sessions.
    public enum StopMode: String, Sendable {
        /// Wait for every client to disconnect.
        case smart
        /// Disconnect clients, roll back their transactions, shut down cleanly (the default).
        case fast
        /// Quit at once; the next start runs crash recovery.
        case immediate
    }

    /// What this process knows about the cluster's server.
    struct State: Sendable {
        /// The running server, when started or reused by this object.
        var server: LocalServer?
        /// The installation in use, found on first need.
        var binaries: PostgresBinaries?
        /// The socket folder this object made (removed when the server stops).
        var ownedSocketDirectory: String?
    }

    /// The configuration it was made with.
    public let configuration: LocalClusterConfiguration
    /// Guards the state and serialises start, stop and restart in this process.
    let state = Mutex(State())

    /// A cluster for `configuration`. Nothing happens on disk until `start()`.
    public init(configuration: LocalClusterConfiguration) {
        self.configuration = configuration
        state.withLock { $0.binaries = configuration.binaries }
    }

    /// A cluster in `folder` with PostgreSQL's default settings.
    public convenience init(folder: String) {
        self.init(configuration: LocalClusterConfiguration(folder: folder))
    }

    /// The server this object started or reused, if it has not been stopped since.
    public var server: LocalServer? { state.withLock { $0.server } }

    /// The port of `server`.
    public var port: Int? { server?.port }

    /// Whether a postmaster is alive for this folder, whoever started it.
    public var isRunning: Bool {
        PostmasterPIDFile.read(dataDirectory: configuration.dataDirectory)?.isProcessAlive ?? false
    }

    /// The keyword connection string for `database` on the running server.
    /// - Throws: `.notRunning` before `start()` or after `stop()`.
    public func connectionString(database: String, overSocket: Bool = false) throws(LocalPostgresError) -> String {
        guard let server else {
            throw LocalPostgresError(
                .notRunning, "the local PostgreSQL server in \(configuration.folder) is not running")
        }
        return server.connectionString(database: database, overSocket: overSocket)
    }

    /// Starts the server, creating the cluster first if the folder has none; reuses a server that is
    /// already running for the folder. Returns at once if this object's server is still up.
    @discardableResult
    public func start() throws(LocalPostgresError) -> LocalServer {
        try state.withLock { (state: inout State) throws(LocalPostgresError) -> LocalServer in
            if let server = state.server, isRunning { return server }
            return try startLocked(&state, port: configuration.port, socketDirectory: nil)
        }
    }

    /// Stops the server with `pg_ctl stop -m mode -w`.
    ///
    /// Does nothing when this process did not start it (it was reused, or never started here),
    /// unless `force` is set: then any server running for the folder is stopped.
    public func stop(mode: StopMode = .fast, force: Bool = false) throws(LocalPostgresError) {
        try state.withLock { (state: inout State) throws(LocalPostgresError) in
            guard force || state.server?.isStartedByThisProcess == true else { return }
            try stopLocked(&state, mode: mode, keepSocketDirectory: false)
        }
    }

    /// Stops the server (even one this process did not start) and starts it again on the same port
    /// and socket folder, so existing connection strings stay valid.
    @discardableResult
    public func restart(mode: StopMode = .fast) throws(LocalPostgresError) -> LocalServer {
        try state.withLock { (state: inout State) throws(LocalPostgresError) -> LocalServer in
            let running = PostmasterPIDFile.read(dataDirectory: configuration.dataDirectory)
            let port = state.server?.port ?? running?.port ?? configuration.port
            let socketDirectory = state.server?.socketDirectory ?? running?.socketDirectory
            try stopLocked(&state, mode: mode, keepSocketDirectory: true)
            return try startLocked(&state, port: port, socketDirectory: socketDirectory)
        }
    }

    // MARK: Stopping

    func stopLocked(_ state: inout State, mode: StopMode, keepSocketDirectory: Bool) throws(LocalPostgresError) {
        guard FileManager.default.fileExists(atPath: configuration.dataDirectory) else {
            state.server = nil
            return
        }
        let binaries = try resolveBinaries(&state)
        let account = try ServerAccount.current(serverUser: configuration.serverUser)
        try FileLock.withLock(at: configuration.lockFile, timeout: lockTimeout) { () throws(LocalPostgresError) in
            let running = PostmasterPIDFile.read(dataDirectory: configuration.dataDirectory)
            if let running, running.isProcessAlive {
                let logOffset = ServerLog.size(of: configuration.logFile)
                let command = account.command(
                    binaries.pgCtl,
                    [
                        "-D", configuration.dataDirectory, "-m", mode.rawValue, "-w", "-t",
                        String(configuration.timeout),
                        "stop",
                    ])
                let result = try command.run()
                if !result.succeeded && isRunning {
                    throw LocalPostgresError.failed(
                        .stopFailed, "the local PostgreSQL server in \(configuration.folder) did not stop", result,
                        logTail: ServerLog.tail(of: configuration.logFile, from: logOffset))
                }
            }
            state.server = nil
            guard !keepSocketDirectory else { return }
            for folder in [state.ownedSocketDirectory, running?.socketDirectory].compactMap({ $0 })
            where isOurSocketDirectory(folder) {
                rmdir(folder)  // Only succeeds when empty: never removes a live server's socket.
            }
            state.ownedSocketDirectory = nil
        }
    }

    // MARK: Helpers

    /// How long to wait for another process's start or stop of this folder.
    var lockTimeout: Double { Double(configuration.timeout) + 30 }

    func resolveBinaries(_ state: inout State) throws(LocalPostgresError) -> PostgresBinaries {
        if let binaries = state.binaries { return binaries }
        let binaries = try PostgresBinaries.locate()
        state.binaries = binaries
        return binaries
    }

    /// Whether `folder` is a socket folder this module makes (so it may be removed).
    func isOurSocketDirectory(_ folder: String) -> Bool {
        let name = (folder as NSString).lastPathComponent
        return name.hasPrefix(LocalCluster.socketDirectoryPrefix)
            && (folder as NSString).deletingLastPathComponent == configuration.socketParent
    }

    /// The name prefix of private socket folders.
    static let socketDirectoryPrefix = "roster-pg-"
}
