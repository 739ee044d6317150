import Foundation
import Glibc

/// Process basics read from `/proc/self` at scrape time (Linux); a value that cannot be read is left out.
struct ProcessMetrics {
    var residentMemoryBytes: Int?
    var virtualMemoryBytes: Int?
    var cpuSeconds: Double?
    var startTimeSeconds: Double?
    var openFileDescriptors: Int?
    var maxFileDescriptors: Int?

    /// The current values.
    static func current() -> ProcessMetrics {
        var metrics = ProcessMetrics()
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let statm = read("/proc/self/statm")?.split(separator: " "), statm.count >= 2, pageSize > 0,
            let pages = Int(statm[0]), let resident = Int(statm[1])
        {
            metrics.virtualMemoryBytes = pages * pageSize
            metrics.residentMemoryBytes = resident * pageSize
        }
        // Fields after the command name, which may itself hold spaces and parentheses (proc(5)).
        if let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: ")"), ticks > 0 {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // fields[0] is field 3 (state): utime is field 14, stime 15, starttime 22.
            if fields.count > 19, let user = Double(fields[11]), let system = Double(fields[12]),
                let start = Double(fields[19])
            {
                metrics.cpuSeconds = (user + system) / ticks
                if let boot = bootTime() { metrics.startTimeSeconds = boot + start / ticks }
            }
        }
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            metrics.openFileDescriptors = entries.count
        }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            metrics.maxFileDescriptors = Int(clamping: limit.rlim_cur)
        }
        return metrics
    }

    /// Seconds since the epoch at boot (`btime` in `/proc/stat`).
    private static func bootTime() -> Double? {
        guard let stat = read("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    /// The whole of a small file; `/proc` files report size 0, so read until end of file.
    private static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: buffer[..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
