import Foundation
import Synchronization
import Testing

@testable import LocalPostgres

/// A temporary cluster folder under /tmp for one test, and helpers to talk to its server.
///
/// `withFixture` stops every server started in the folder (`-m immediate`) and deletes the folder,
/// whatever the test did.
struct ClusterFixture {
    /// The folder (`/dev/shm/roster-lpt-XXXXXX` or `/tmp/roster-lpt-XXXXXX`).
    let folder: String
    /// The installation the tests use.
    let binaries: PostgresBinaries

    /// Runs `body` with a fresh folder, then stops any server in it and deletes it.
    static func withFixture<T>(_ body: (ClusterFixture) throws -> T) throws -> T {
        var template = Array("\(parentFolder)/roster-lpt-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.flatMap { mkdtemp($0) } }
        try #require(made != nil)
        let folder = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(folder, 0o755)  // mkdtemp makes it 0700; the postgres user must traverse it when we are root.
        let fixture = ClusterFixture(folder: folder, binaries: try PostgresBinaries.locate())
        defer { fixture.removeEverything() }
        return try body(fixture)
    }

    /// `/dev/shm` when it is a roomy tmpfs (initdb there takes half the time it takes on this
    /// machine's disk), else `/tmp`. These test clusters hold a few tables only.
    static let parentFolder: String = {
        var info = statvfs()
        let isRoomy = statvfs("/dev/shm", &info) == 0 && UInt64(info.f_bavail) * UInt64(info.f_frsize) > 1 << 30
        return isRoomy && access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp"
    }()

    /// Stops every server started in a subfolder and deletes the folder.
    private func removeEverything() {
        let subfolders = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for subfolder in subfolders {
            try? LocalCluster(configuration: configuration(subfolder)).stop(mode: .immediate, force: true)
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The fast test configuration for the cluster in `subfolder` of the fixture folder.
    func configuration(_ subfolder: String = "cluster") -> LocalClusterConfiguration {
        var configuration = LocalClusterConfiguration.testing(folder: "\(folder)/\(subfolder)")
        configuration.binaries = binaries
        configuration.settings["max_connections"] = "20"  // Several test servers run at once.
        configuration.settings["shared_buffers"] = "16MB"
        return configuration
    }

    /// `configuration(subfolder)` with its data folder copied from this process's template cluster,
    /// so the test skips `initdb` (about 1 s of CPU each; a copy takes a tenth of that).
    func preparedConfiguration(_ subfolder: String = "cluster") throws -> LocalClusterConfiguration {
        let configuration = configuration(subfolder)
        let templateData = try ClusterFixture.templateDataDirectory(binaries: binaries)
        try FileManager.default.createDirectory(atPath: configuration.folder, withIntermediateDirectories: true)
        let copy = try Subprocess(executable: "/bin/cp", arguments: ["-a", templateData, configuration.dataDirectory])
            .run()
        try #require(copy.succeeded, "\(copy.combinedOutput)")
        return configuration
    }

    /// The data folder of the template cluster, made (initdb, start, stop) on first use and
    /// deleted at exit.
    private static func templateDataDirectory(binaries: PostgresBinaries) throws -> String {
        try template.withLock { (made: inout String?) throws -> String in
            if let made { return made }
            var configuration = LocalClusterConfiguration.testing(
                folder: "\(parentFolder)/roster-lpt-template-\(getpid())")
            configuration.binaries = binaries
            let cluster = LocalCluster(configuration: configuration)
            atexit { ClusterFixture.removeTemplate() }
            try cluster.start()
            try cluster.stop()
            made = configuration.dataDirectory
            return configuration.dataDirectory
        }
    }

    private static let template = Mutex<String?>(nil)

    private static func removeTemplate() {
        try? FileManager.default.removeItem(atPath: "\(parentFolder)/roster-lpt-template-\(getpid())")
    }

    /// Runs `sql` with `psql` through `conninfo`; returns the unaligned output, or the failure.
    func psql(_ conninfo: String, _ sql: String) throws -> Subprocess.Result {
        let psql = try #require(binaries.psql)
        return try Subprocess(
            executable: psql, arguments: ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-c", sql]
        ).run()
    }

    /// Runs `sql` and expects success; returns its trimmed output.
    @discardableResult
    func query(_ conninfo: String, _ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try psql(conninfo, sql)
        #expect(result.succeeded, "psql failed: \(result.combinedOutput)", sourceLocation: sourceLocation)
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Whether a TCP connection to 127.0.0.1:`port` is accepted.
func acceptsTCPConnections(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let status = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    return status == 0
}

/// A port of 127.0.0.1 held by a listening socket for the lifetime of this object.
final class TakenPort {
    /// The port.
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(descriptor >= 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 1) == 0
                    && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(bound)
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
