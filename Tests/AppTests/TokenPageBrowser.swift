import Foundation
import Glibc

/// Headless Chromium driven over the Chrome DevTools Protocol on `--remote-debugging-pipe`: Chromium
/// reads NUL-terminated JSON commands from descriptor 3 and writes replies and events to descriptor 4.
/// Test-only; `close()` ends the browser (its own process group) and removes its profile folder.
final class HeadlessChromium {
    /// Chromium's executable, if installed.
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let pid: pid_t
    private let profile: String
    private var commands: Int32
    private var replies: Int32
    private var buffer: [UInt8] = []
    private var nextID = 0
    private var session: String?
    private var closed = false

    /// Starts Chromium with a fresh profile, a 1200×900 window, and opens one blank page to drive.
    init() throws {
        guard let executable = Self.executable else { throw Failure(description: "chromium is not installed") }
        var template = Array("/tmp/roster-chromium-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw Failure(description: "mkdtemp failed") }
        profile = String(cString: made)
        var toChrome: [Int32] = [-1, -1]
        var fromChrome: [Int32] = [-1, -1]
        guard pipe(&toChrome) == 0, pipe(&fromChrome) == 0 else {
            throw Failure(description: "pipe failed: errno \(errno)")
        }
        // Close-on-exec, so processes other threads start meanwhile do not inherit them.
        for fd in toChrome + fromChrome { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let arguments = [
            executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--remote-debugging-pipe", "--user-data-dir=\(profile)", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--hide-scrollbars",
            "--mute-audio", "--window-size=1200,900", "about:blank",
        ]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "\(profile)/chromium.log", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // dup2 clears close-on-exec on the copies, so exactly descriptors 3 and 4 reach Chromium.
        posix_spawn_file_actions_adddup2(&actions, toChrome[0], 3)
        posix_spawn_file_actions_adddup2(&actions, fromChrome[1], 4)
        Self.addCloseFrom5(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // Its own process group, so close() can end every helper process it started and nothing else.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child = pid_t()
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        Glibc.close(toChrome[0])
        Glibc.close(fromChrome[1])
        commands = toChrome[1]
        replies = fromChrome[0]
        guard status == 0 else {
            Glibc.close(commands)
            Glibc.close(replies)
            try? FileManager.default.removeItem(atPath: profile)
            throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))")
        }
        pid = child
        do {
            let target = try send("Target.createTarget", ["url": "about:blank"], inSession: false)
            guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target") }
            let attached = try send(
                "Target.attachToTarget", ["targetId": targetID, "flatten": true], inSession: false)
            session = attached["sessionId"] as? String
            _ = try send(
                "Emulation.setDeviceMetricsOverride",
                ["width": 1200, "height": 900, "deviceScaleFactor": 1, "mobile": false])
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    /// Sends a command (to the page's session unless `inSession` is false) and returns its `result`.
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:], inSession: Bool = true, timeout: Double = 60) throws
        -> [String: Any]
    {
        nextID += 1
        var message: [String: Any] = ["id": nextID, "method": method, "params": params]
        if inSession, let session { message["sessionId"] = session }
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(commands, $0.baseAddress, $0.count) }
            guard written > 0 else {
                if errno == EINTR { continue }
                throw Failure(description: "write to chromium failed: errno \(errno)")
            }
            offset += written
        }
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reply = try readMessage(until: deadline)
            guard reply["id"] as? Int == nextID else { continue }  // an event, or a late reply
            if let error = reply["error"] as? [String: Any] {
                throw Failure(description: "\(method): \(error["message"] ?? error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Evaluates JavaScript in the page (awaiting a promise) and returns its value.
    @discardableResult
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true])
        if let exception = result["exceptionDetails"] as? [String: Any] {
            throw Failure(description: "script failed: \(exception["text"] ?? "") \(expression.prefix(80))")
        }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Waits until `condition` (JavaScript) is true in the page; the page may navigate meanwhile.
    func wait(for condition: String, timeout: Double = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            // During a navigation the old context goes away mid-evaluation: try again.
            if let value = try? evaluate("document.readyState === 'complete' && !!(\(condition))"),
                value as? Bool == true
            {
                return
            }
            usleep(50_000)
        }
        let location = (try? evaluate("location.href")) as? String ?? "?"
        throw Failure(description: "timed out waiting for \(condition) (at \(location))")
    }

    /// Opens `url`.
    func navigate(_ url: String) throws {
        try send("Page.navigate", ["url": url])
    }

    /// A PNG of the page as shown.
    func screenshot() throws -> Data {
        let result = try send("Page.captureScreenshot", ["format": "png"])
        guard let text = result["data"] as? String, let data = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot data")
        }
        return data
    }

    /// Closes the browser (politely, then by force) and removes its profile. Safe to call twice.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? send("Browser.close", inSession: false, timeout: 5)
        var status: Int32 = 0
        var exited = false
        for _ in 0..<100 {
            if waitpid(pid, &status, WNOHANG) == pid {
                exited = true
                break
            }
            usleep(50_000)
        }
        if !exited {
            kill(pid, SIGKILL)
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        }
        // Helpers (renderer, zygote) left in the browser's own process group.
        kill(-pid, SIGKILL)
        Glibc.close(commands)
        Glibc.close(replies)
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// Closes every other inherited descriptor in the child (glibc's `addclosefrom_np`, when present), so
    /// the test process's sockets do not leak into the browser.
    private static func addCloseFrom5(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np")
        else { return }
        _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 5)
    }

    private func readMessage(until deadline: Date) throws -> [String: Any] {
        while true {
            if let end = buffer.firstIndex(of: 0) {
                let data = Data(buffer[..<end])
                buffer.removeFirst(end + 1)
                guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
                return object
            }
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard remaining > 0 else { throw Failure(description: "chromium did not answer in time") }
            var descriptor = pollfd(fd: replies, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(replies, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw Failure(description: "chromium closed the pipe") }
            buffer += chunk[..<count]
        }
    }
}
