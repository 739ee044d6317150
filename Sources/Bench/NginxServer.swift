import Foundation
import Glibc

/// nginx serving static bodies, the HTTP ceiling: one worker (as in docs/benchmarks/http-baseline.sh), no
/// access log, keep-alive without a request limit, started in the foreground from a config in its own
/// folder and stopped with SIGQUIT.
public final class NginxServer: Sendable {
    private let process = Process()
    private let root: String
    /// Where it listens.
    public let address: BenchAddress

    /// The nginx binary, if installed (`/usr/sbin/nginx` or on PATH).
    public static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in ["/usr/sbin"] + path.split(separator: ":").map(String.init) {
            let candidate = folder + "/nginx"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Starts nginx from `binary` with its files in `folder`.
    public init(binary: String, folder: String) throws {
        root = folder + "/www"
        for sub in ["www", "tmp"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        // Workers may run as another user: the folders must be readable by all.
        for path in [folder, root] { chmod(path, 0o755) }
        guard let port = BenchAddress.freePort() else { throw BenchFailure("no free port for nginx") }
        address = BenchAddress(host: "127.0.0.1", port: port)
        let temp = folder + "/tmp"
        let configuration = """
            worker_processes 1;
            daemon off;
            pid \(folder)/nginx.pid;
            error_log \(folder)/error.log;
            events { worker_connections 8192; }
            http {
                access_log off;
                keepalive_requests 100000000;
                keepalive_timeout 300s;
                client_body_temp_path \(temp); proxy_temp_path \(temp); fastcgi_temp_path \(temp);
                uwsgi_temp_path \(temp); scgi_temp_path \(temp);
                server {
                    listen 127.0.0.1:\(port);
                    location / { root \(root); default_type application/scim+json; }
                }
            }
            """
        try configuration.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-p", folder, "-c", folder + "/nginx.conf", "-e", folder + "/error.log"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let probe = ClientConnection(address: address)
        defer { probe.close() }
        let request = BenchRequest(method: "GET", path: "/", host: "localhost", token: "").serialized()
        for _ in 0..<100 {
            guard process.isRunning else { throw BenchFailure("nginx exited at start (see \(folder)/error.log)") }
            if (try? probe.send(request, keepBody: false)) != nil { return }
            usleep(50_000)
        }
        stop()
        throw BenchFailure("nginx did not answer within 5 s")
    }

    /// The path of a static JSON body of `size` bytes (written on first use).
    public func body(size: Int) -> String {
        let name = "body-\(size).json"
        let path = root + "/" + name
        if !FileManager.default.fileExists(atPath: path) {
            let filler = max(0, size - 10)
            let text = "{\"x\":\"" + String(repeating: "a", count: filler) + "\"}"
            let bytes = Array(text.utf8.prefix(max(size, 0)))
            _ = FileManager.default.createFile(
                atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o644])
        }
        return "/" + name
    }

    /// Stops nginx (graceful quit) and waits for it.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGQUIT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// The same static request on every call: the nginx run, with the scenario's Host and token headers.
public struct StaticScenario: RequestGenerator {
    let request: BenchRequest

    /// A generator of `request`.
    public init(_ request: BenchRequest) {
        self.request = request
    }

    /// `request`.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest { request }
}
