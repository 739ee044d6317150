import Foundation
import Synchronization

/// Samples a process's resident memory (`VmRSS`) from `/proc/PID/status` every 100 ms while a scenario
/// runs, and reads its peak (`VmHWM`, since the process started) at the end.
public final class RSSSampler: Sendable {
    /// Memory figures in KiB.
    public struct Figures: Sendable, Equatable {
        /// Highest VmRSS sampled during the scenario.
        public var peakSampled: Int
        /// VmHWM at the end (the process's peak so far, all scenarios included).
        public var highWaterMark: Int?
        /// VmRSS at the end.
        public var after: Int?
    }

    private let pid: Int32
    private let peak = Atomic<Int>(0)
    private let running = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    /// A sampler of process `pid`.
    public init(pid: Int32) {
        self.pid = pid
    }

    /// Starts sampling on a thread of its own.
    public func start() {
        running.store(true, ordering: .sequentiallyConsistent)
        peak.store(Self.read(pid)["VmRSS"] ?? 0, ordering: .relaxed)
        Thread.detachNewThread { [self] in
            while running.load(ordering: .sequentiallyConsistent) {
                if let rss = Self.read(pid)["VmRSS"], rss > peak.load(ordering: .relaxed) {
                    peak.store(rss, ordering: .relaxed)
                }
                usleep(100_000)
            }
            done.signal()
        }
    }

    /// Stops sampling and returns the figures.
    public func stop() -> Figures {
        running.store(false, ordering: .sequentiallyConsistent)
        done.wait()
        let status = Self.read(pid)
        return Figures(
            peakSampled: peak.load(ordering: .relaxed), highWaterMark: status["VmHWM"], after: status["VmRSS"])
    }

    /// The `kB` fields of `/proc/PID/status`.
    static func read(_ pid: Int32) -> [String: Int] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return [:] }
        var fields: [String: Int] = [:]
        for line in text.split(separator: "\n") where line.hasSuffix(" kB") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let value = Int(parts[1].dropLast(3).trimmingCharacters(in: .whitespaces)) else {
                continue
            }
            fields[String(parts[0])] = value
        }
        return fields
    }
}
