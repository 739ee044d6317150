import Foundation

/// Runs a program with `posix_spawn`, captures its stdout and stderr, and waits for it.
///
/// Not Foundation `Process`: on Linux, `Process` leaves an internal socket open in the child and
/// reports the exit only when that socket closes, and a server that `pg_ctl start` daemonises
/// inherits it, so `waitUntilExit()` never returns. Here the child gets stdin from /dev/null, the two
/// capture pipes as stdout and stderr, and no other descriptor (all ≥ 3 are closed), its signal
/// mask cleared and signal dispositions reset (a parent that ignores SIGPIPE does not pass that on).
struct Subprocess: Sendable {
    /// The outcome of one run.
    struct Result: Sendable {
        /// The command line, for error messages.
        var commandLine: String
        /// The exit status, or the signal number when `signalled`.
        var status: Int32
        /// Whether the program died from a signal.
        var signalled: Bool
        /// Everything written to stdout (up to `outputLimit` bytes).
        var stdout: String
        /// Everything written to stderr (up to `outputLimit` bytes).
        var stderr: String

        /// Whether the program exited with status 0.
        var succeeded: Bool { !signalled && status == 0 }

        /// stdout and stderr, trimmed, for error details.
        var combinedOutput: String {
            [stdout, stderr].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                .filter { !$0.isEmpty }.joined(separator: "\n")
        }
    }

    /// Bytes kept per stream; more is read and dropped so the child never blocks.
    static let outputLimit = 1 << 20

    /// The program to run (an absolute path: there is no `PATH` search).
    var executable: String
    /// Its arguments.
    var arguments: [String]
    /// Its environment; `nil` inherits ours.
    var environment: [String: String]?
    /// Its working directory. `/` by default, so a server user that cannot read our current
    /// directory does not complain.
    var workingDirectory: String = "/"

    /// The command line as one string, for messages.
    var commandLine: String {
        ([executable] + arguments).map(Subprocess.shellQuoted).joined(separator: " ")
    }

    /// Runs the program to completion. Throws only when it cannot be launched.
    func run() throws(LocalPostgresError) -> Result {
        var output: [Int32] = [-1, -1]
        var errors: [Int32] = [-1, -1]
        guard pipe(&output) == 0 else { throw LocalPostgresError.system("pipe", errno: errno) }
        guard pipe(&errors) == 0 else {
            let code = errno
            output.forEach { close($0) }
            throw LocalPostgresError.system("pipe", errno: code)
        }
        // Close-on-exec, so programs other threads launch meanwhile do not inherit them.
        for fd in output + errors { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let pid: pid_t
        do throws(LocalPostgresError) {
            pid = try spawn(stdout: output[1], stderr: errors[1])
        } catch {
            (output + errors).forEach { close($0) }
            throw error
        }
        close(output[1])
        close(errors[1])
        let (outData, errData) = Subprocess.drain(output[0], errors[0])
        close(output[0])
        close(errors[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS are C macros, not imported.
        let signal = status & 0x7f
        let signalled = signal != 0 && signal != 0x7f
        return Result(
            commandLine: commandLine, status: signalled ? signal : (status >> 8) & 0xff, signalled: signalled,
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    private func spawn(stdout: Int32, stderr: Int32) throws(LocalPostgresError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        SpawnExtensions.addCloseFrom3(&actions)
        SpawnExtensions.addChangeDirectory(&actions, workingDirectory)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let environment = self.environment ?? ProcessInfo.processInfo.environment
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw LocalPostgresError(
                .system, "cannot run \(executable): \(String(cString: strerror(status)))", command: commandLine)
        }
        return pid
    }

    /// Reads both pipes until both reach end of file, with `poll` so neither can fill up and block
    /// the child.
    private static func drain(_ first: Int32, _ second: Int32) -> (Data, Data) {
        var collected = [Data(), Data()]
        var fds = [
            pollfd(fd: first, events: Int16(POLLIN), revents: 0), pollfd(fd: second, events: Int16(POLLIN), revents: 0),
        ]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while fds.contains(where: { $0.fd >= 0 }) {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 else {
                if errno == EINTR { continue }
                break
            }
            for index in fds.indices where fds[index].fd >= 0 && fds[index].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(fds[index].fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    let room = max(0, outputLimit - collected[index].count)
                    collected[index].append(contentsOf: buffer[0..<min(count, room)])
                } else if count == 0 || errno != EINTR && errno != EAGAIN {
                    fds[index].fd = -1  // End of file (or a read error): poll ignores negative descriptors.
                }
            }
        }
        return (collected[0], collected[1])
    }

    /// Quotes `word` for a POSIX shell when it contains anything but safe characters.
    static func shellQuoted(_ word: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
        if !word.isEmpty, word.allSatisfy({ safe.contains($0) }) { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
