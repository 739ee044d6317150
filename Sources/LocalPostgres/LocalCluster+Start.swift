import Foundation

extension LocalCluster {
    /// How many ports to try when a freshly picked port is taken before the server binds it.
    static let portAttempts = 4

    /// Starts or reuses the server, holding the state lock. `port` and `socketDirectory` pin the
    /// address (for `restart()`); `nil` picks fresh ones, the port with `pickPort` (a free port of
    /// the listen address by default; tests pass their own).
    func startLocked(
        _ state: inout State, port: Int?, socketDirectory: String?,
        pickPort: (() throws(LocalPostgresError) -> Int)? = nil
    ) throws(LocalPostgresError) -> LocalServer {
        let binaries = try resolveBinaries(&state)
        let account = try ServerAccount.current(serverUser: configuration.serverUser)
        try createFolder(configuration.folder)
        let server = try FileLock.withLock(at: configuration.lockFile, timeout: lockTimeout) {
            () throws(LocalPostgresError) -> LocalServer in
            if let running = try waitForRunningServer() {
                return LocalServer(
                    host: reachableHost(listeningOn: running.listenAddress), port: running.port,
                    socketDirectory: running.socketDirectory, user: configuration.superuser,
                    isStartedByThisProcess: false, didInitialize: false)
            }
            try prepareFolder(for: account)
            let didInitialize = try initializeIfNeeded(binaries: binaries, account: account)
            var attempt = 0
            while true {
                attempt += 1
                do throws(LocalPostgresError) {
                    let chosenPort: Int
                    if let port {
                        chosenPort = port
                    } else if let pickPort {
                        chosenPort = try pickPort()
                    } else {
                        chosenPort = try FreePort.pick(address: configuration.listenAddress)
                    }
                    return try launch(
                        &state, binaries: binaries, account: account, port: chosenPort,
                        socketDirectory: socketDirectory, didInitialize: didInitialize)
                } catch let error
                    where error.kind == .startFailed && port == nil && attempt < LocalCluster.portAttempts
                    && ServerLog.reportsPortInUse(error.logTail ?? "")
                {
                    continue  // Someone took the port between our probe and the server's bind.
                } catch {
                    if socketDirectory == nil, let owned = state.ownedSocketDirectory {
                        rmdir(owned)  // Made for this start; empty, since no server runs.
                        state.ownedSocketDirectory = nil
                    }
                    throw error
                }
            }
        }
        state.server = server
        return server
    }

    /// A live server for the folder, after waiting for it to finish starting; `nil` when none runs
    /// (or it was shutting down and has gone).
    private func waitForRunningServer() throws(LocalPostgresError) -> PostmasterPIDFile? {
        let pidFile = (configuration.dataDirectory as NSString).appendingPathComponent("postmaster.pid")
        let deadline = Date().addingTimeInterval(Double(configuration.timeout))
        // A file that stays unreadable is a leftover, not one being written: pg_ctl deals with it.
        let unreadableDeadline = Date().addingTimeInterval(2)
        while true {
            guard let running = PostmasterPIDFile.read(dataDirectory: configuration.dataDirectory) else {
                guard FileManager.default.fileExists(atPath: pidFile), Date() < unreadableDeadline else { return nil }
                usleep(100_000)
                continue
            }
            guard running.isProcessAlive else { return nil }
            if running.isReady { return running }
            guard Date() < deadline else {
                throw LocalPostgresError(
                    .startFailed,
                    "a PostgreSQL server (pid \(running.pid)) runs for \(configuration.folder) but is not ready after "
                        + "\(configuration.timeout) s (status: \(running.status ?? "unknown"))",
                    logTail: ServerLog.tail(of: configuration.logFile))
            }
            usleep(100_000)
        }
    }

    /// The address to reach a reused server at, from the listen address in its pid file.
    private func reachableHost(listeningOn address: String?) -> String {
        switch address {
        case nil, "": return configuration.listenAddress
        case "*", "0.0.0.0": return "127.0.0.1"
        case "::": return "::1"
        case let address?: return address
        }
    }

    /// Creates the cluster folder (mode 0700) and any missing parent folders. Parents made here get
    /// mode 0755 whatever the umask, so the server user can pass through them; existing parents are
    /// left alone (see `prepareFolder`).
    func createFolder(_ folder: String) throws(LocalPostgresError) {
        let files = FileManager.default
        var missing: [String] = []
        var current = folder
        while !current.isEmpty, current != "/", !files.fileExists(atPath: current) {
            missing.insert(current, at: 0)
            current = (current as NSString).deletingLastPathComponent
        }
        for path in missing {
            let mode: mode_t = path == folder ? 0o700 : 0o755
            guard mkdir(path, mode) == 0 || errno == EEXIST else {
                throw LocalPostgresError.system("cannot create \(path)", errno: errno)
            }
            chmod(path, mode)  // mkdir applies the umask.
        }
    }

    /// Gives the folder to the server user (root only) and checks that user can reach it.
    private func prepareFolder(for account: ServerAccount) throws(LocalPostgresError) {
        let folder = configuration.folder
        let contents = [configuration.dataDirectory, configuration.logFile]
        let needsDeepChown = contents.contains { FileManager.default.fileExists(atPath: $0) && !account.owns($0) }
        if !account.owns(folder) || needsDeepChown {
            try account.takeOwnership(of: folder, recursive: needsDeepChown)
        }
        guard !account.canUse(folder: folder) else { return }
        var message = "PostgreSQL runs as user \(account.userName), which cannot reach \(folder)"
        if let blocked = account.firstBlockedAncestor(of: folder) {
            message +=
                " (\(blocked) is not searchable by it); use a folder elsewhere (e.g. under /var/tmp), "
                + "set DATABASE_URL, or allow traversal with: chmod o+x \(blocked)"
        }
        throw LocalPostgresError(.folderNotReachable, message)
    }

    /// Runs `initdb` when `data/PG_VERSION` is missing. Returns whether it ran.
    private func initializeIfNeeded(binaries: PostgresBinaries, account: ServerAccount) throws(LocalPostgresError)
        -> Bool
    {
        let data = configuration.dataDirectory
        let files = FileManager.default
        if let contents = files.contents(atPath: (data as NSString).appendingPathComponent("PG_VERSION")) {
            let version = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let major = binaries.majorVersion, version != String(major) {
                throw LocalPostgresError(
                    .folderNotUsable,
                    "the cluster in \(data) was made by PostgreSQL \(version), but the server found is version "
                        + "\(major) (\(binaries.directory)); remove the folder to start afresh, or upgrade it with pg_upgrade"
                )
            }
            return false
        }
        if let entries = try? files.contentsOfDirectory(atPath: data), !entries.isEmpty {
            throw LocalPostgresError(
                .folderNotUsable,
                "\(data) is not empty but holds no PostgreSQL cluster (no PG_VERSION); "
                    + "remove it or choose another folder")
        }
        var arguments = [
            "-D", data, "-U", configuration.superuser, "-E", "UTF8", "--locale=C.UTF-8", "--auth=trust",
        ]
        if !configuration.syncsInitdb { arguments.append("--no-sync") }
        let result = try account.command(binaries.initdb, arguments).run()
        guard result.succeeded else {
            throw LocalPostgresError.failed(.initdbFailed, "initdb failed in \(data)", result)
        }
        try writeAccessRules(account: account)
        return true
    }

    /// Replaces initdb's `pg_hba.conf`: trust for the unix socket and 127.0.0.1 only.
    private func writeAccessRules(account: ServerAccount) throws(LocalPostgresError) {
        let path = (configuration.dataDirectory as NSString).appendingPathComponent("pg_hba.conf")
        let rules = """
            # Written by Roster's LocalPostgres: a local throwaway cluster.
            # TYPE  DATABASE     USER  ADDRESS       METHOD
            local   all          all                 trust
            host    all          all   127.0.0.1/32  trust
            local   replication  all                 trust
            host    replication  all   127.0.0.1/32  trust

            """
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(rules.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw LocalPostgresError(.system, "cannot write \(path)")
        }
        try account.takeOwnership(of: path, recursive: false)
    }

    /// Runs `pg_ctl start -w` once on `port`.
    private func launch(
        _ state: inout State, binaries: PostgresBinaries, account: ServerAccount, port: Int,
        socketDirectory fixedSocketDirectory: String?, didInitialize: Bool
    ) throws(LocalPostgresError) -> LocalServer {
        let socketDirectory = try makeSocketDirectory(&state, reusing: fixedSocketDirectory, account: account)
        let socketPath = "\(socketDirectory)/.s.PGSQL.\(port)"
        guard socketPath.utf8.count < 100 else {
            throw LocalPostgresError(
                .invalidConfiguration, "unix socket path \(socketPath) is too long (keep it under 100 bytes)")
        }
        let options = try configuration.serverOptions(port: port, socketDirectory: socketDirectory)
        let logOffset = ServerLog.size(of: configuration.logFile)
        let command = account.command(
            binaries.pgCtl,
            [
                "-D", configuration.dataDirectory, "-l", configuration.logFile, "-w", "-t",
                String(configuration.timeout),
                "-o", options, "start",
            ])
        let result = try command.run()
        guard result.succeeded else {
            let logTail = ServerLog.tail(of: configuration.logFile, from: logOffset)
            // A server that outlived pg_ctl's wait must not linger.
            if isRunning {
                _ = try? account.command(
                    binaries.pgCtl, ["-D", configuration.dataDirectory, "-m", "immediate", "-w", "stop"]
                ).run()
            }
            throw LocalPostgresError.failed(
                .startFailed, "the local PostgreSQL server in \(configuration.folder) did not start", result,
                logTail: logTail)
        }
        return LocalServer(
            host: configuration.listenAddress, port: port, socketDirectory: socketDirectory,
            user: configuration.superuser, isStartedByThisProcess: true, didInitialize: didInitialize)
    }

    /// The private socket folder: `reusing` when it still exists, else a new `roster-pg-XXXXXX`
    /// (mode 0700) under `socketParent`, owned by the server user.
    private func makeSocketDirectory(_ state: inout State, reusing existing: String?, account: ServerAccount)
        throws(LocalPostgresError) -> String
    {
        if let existing, FileManager.default.fileExists(atPath: existing) { return existing }
        if let owned = state.ownedSocketDirectory, FileManager.default.fileExists(atPath: owned) { return owned }
        var template = Array("\(configuration.socketParent)/\(LocalCluster.socketDirectoryPrefix)XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard made != nil else {
            throw LocalPostgresError.system(
                "cannot create a socket folder under \(configuration.socketParent)", errno: errno)
        }
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        try account.takeOwnership(of: folder, recursive: false)
        state.ownedSocketDirectory = folder
        return folder
    }
}
