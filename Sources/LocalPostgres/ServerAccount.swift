import Foundation

/// The account that runs the PostgreSQL programs: this process's own user, or, when this process
/// runs as root (which `initdb` and `postgres` refuse), the `postgres` system user through `runuser`.
struct ServerAccount: Sendable {
    /// The user name the programs run as.
    let userName: String
    /// Its user id.
    let uid: uid_t
    /// Its primary group id.
    let gid: gid_t
    /// The `runuser` program, when the programs run as another user.
    let runuser: String?

    /// Whether the programs run as another user than this process.
    var isSwitchingUser: Bool { runuser != nil }

    /// The account for this process: itself, or `postgres` when root.
    static func current(serverUser: String = "postgres") throws(LocalPostgresError) -> ServerAccount {
        let euid = geteuid()
        guard euid == 0 else {
            return ServerAccount(userName: userName(of: euid) ?? "uid \(euid)", uid: euid, gid: getegid(), runuser: nil)
        }
        guard let (uid, gid) = lookUpUser(serverUser) else {
            throw LocalPostgresError(
                .serverUserMissing,
                "running as root, but the system user '\(serverUser)' that must run PostgreSQL does not exist; "
                    + "install it with: apt-get install postgresql")
        }
        let candidates = ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
        guard let runuser = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw LocalPostgresError(
                .serverUserMissing,
                "running as root, but runuser (util-linux) is missing; it is needed to run "
                    + "PostgreSQL as '\(serverUser)'")
        }
        return ServerAccount(userName: serverUser, uid: uid, gid: gid, runuser: runuser)
    }

    /// A subprocess that runs `executable` as this account, with the `PG*` variables of our
    /// environment removed so they cannot redirect the programs.
    func command(_ executable: String, _ arguments: [String]) -> Subprocess {
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        guard let runuser else {
            return Subprocess(executable: executable, arguments: arguments, environment: environment)
        }
        return Subprocess(
            executable: runuser, arguments: ["-u", userName, "--", executable] + arguments, environment: environment)
    }

    /// Makes this account the owner of `path` and, when `recursive`, of everything below it.
    /// Does nothing when the programs run as this process's own user.
    func takeOwnership(of path: String, recursive: Bool) throws(LocalPostgresError) {
        guard isSwitchingUser else { return }
        var paths = [path]
        if recursive, let enumerator = FileManager.default.enumerator(atPath: path) {
            while let relative = enumerator.nextObject() as? String {
                paths.append((path as NSString).appendingPathComponent(relative))
            }
        }
        for item in paths where lchown(item, uid, gid) != 0 {
            throw LocalPostgresError.system("cannot give \(item) to user \(userName)", errno: errno)
        }
    }

    /// Whether this account owns `path` (false when it does not exist).
    func owns(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_uid == uid
    }

    /// Whether this account can enter and write the folder `path`, checked as that user so that
    /// every parent folder's permissions count.
    func canUse(folder path: String) -> Bool {
        guard isSwitchingUser else { return access(path, W_OK | X_OK) == 0 }
        guard let test = ServerAccount.testProgram else { return true }
        let result = try? command(test, ["-w", path, "-a", "-x", path]).run()
        return result?.succeeded ?? false
    }

    /// The first parent folder of `path` (from `/` down) this account cannot enter, if any.
    func firstBlockedAncestor(of path: String) -> String? {
        guard isSwitchingUser, let test = ServerAccount.testProgram else { return nil }
        var ancestors: [String] = []
        var current = (path as NSString).deletingLastPathComponent
        while current != "/" && !current.isEmpty {
            ancestors.insert(current, at: 0)
            current = (current as NSString).deletingLastPathComponent
        }
        return ancestors.first { folder in
            !((try? command(test, ["-x", folder]).run())?.succeeded ?? true)
        }
    }

    private static var testProgram: String? {
        ["/usr/bin/test", "/bin/test"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private static func lookUpUser(_ name: String) -> (uid_t, gid_t)? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        let status = getpwnam_r(name, &entry, &buffer, buffer.count, &found)
        guard status == 0, found != nil else { return nil }
        return (entry.pw_uid, entry.pw_gid)
    }

    private static func userName(of uid: uid_t) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &found) == 0, found != nil,
            let name = entry.pw_name
        else { return nil }
        return String(cString: name)
    }
}
