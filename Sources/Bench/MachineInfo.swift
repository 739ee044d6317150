import Foundation

/// The machine and build a report was made on.
public struct MachineInfo: Sendable {
    /// Online CPU cores.
    public var cores = ProcessInfo.processInfo.activeProcessorCount
    /// Physical memory in bytes.
    public var memory = ProcessInfo.processInfo.physicalMemory
    /// The CPU model (from /proc/cpuinfo).
    public var cpu: String?
    /// The kernel (`uname -sr`).
    public var kernel: String?
    /// `git rev-parse --short HEAD` of the current directory, with `-dirty` when it has changes.
    public var commit: String?
    /// `release` or `debug`.
    public var build: String
    /// When the run started (ISO 8601).
    public var date: String

    /// Reads the current machine.
    public init() {
        #if DEBUG
            build = "debug"
        #else
            build = "release"
        #endif
        date = ISO8601DateFormatter().string(from: Date())
        if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            cpu = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var names = utsname()
        uname(&names)
        let system = withUnsafeBytes(of: &names.sysname) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let release = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        kernel = "\(system) \(release)"
        if let head = try? Subprocess.output("/usr/bin/git", ["rev-parse", "--short", "HEAD"]) {
            let dirty =
                (try? Subprocess.output("/usr/bin/git", ["status", "--porcelain", "--untracked-files=no"])) ?? ""
            commit = head.trimmingCharacters(in: .whitespacesAndNewlines) + (dirty.isEmpty ? "" : "-dirty")
        }
    }
}
