import Foundation
import Glibc
import Synchronization

/// The HTTP load generator: `connections` threads, each with one keep-alive connection and a blocking
/// socket, each sending its scenario's requests back to back for `warmup + duration` seconds. Only requests
/// started after the warm-up are measured; each thread records into its own histogram and counters,
/// merged at the end.
public struct LoadGenerator: Sendable {
    /// Where to send the requests.
    public let address: BenchAddress
    /// Concurrent connections.
    public let connections: Int
    /// Measured seconds.
    public let duration: Double
    /// Unmeasured seconds of load first.
    public let warmup: Double
    /// Seed of the per-connection random generators.
    public let seed: UInt64

    /// A load generator.
    public init(address: BenchAddress, connections: Int, duration: Double, warmup: Double, seed: UInt64) {
        self.address = address
        self.connections = connections
        self.duration = duration
        self.warmup = warmup
        self.seed = seed
    }

    /// Runs the load; `makeGenerator` is called once per connection, on that connection's thread.
    public func run(_ makeGenerator: @escaping @Sendable (Int) -> any RequestGenerator) -> LoadResult {
        let results = Mutex<[LoadResult]>([])
        let group = DispatchGroup()
        let begin = Self.nanoseconds() + 20_000_000
        let measureFrom = begin + UInt64(warmup * 1e9)
        let stopAt = measureFrom + UInt64(duration * 1e9)
        for index in 0..<connections {
            group.enter()
            Thread.detachNewThread { [self] in
                let result = runConnection(
                    index, generator: makeGenerator(index), begin: begin, measureFrom: measureFrom, stopAt: stopAt)
                results.withLock { $0.append(result) }
                group.leave()
            }
        }
        group.wait()
        var total = LoadResult(duration: duration)
        for result in results.withLock({ $0 }) { total.merge(result) }
        return total
    }

    private func runConnection(
        _ index: Int, generator: any RequestGenerator, begin: UInt64, measureFrom: UInt64, stopAt: UInt64
    ) -> LoadResult {
        var generator = generator
        var random = BenchRandom(seed: seed, stream: index)
        var result = LoadResult(duration: duration)
        let connection = ClientConnection(address: address)
        defer { connection.close() }
        while Self.nanoseconds() < begin { usleep(1_000) }
        while true {
            let started = Self.nanoseconds()
            guard started < stopAt else { break }
            let request = generator.next(&random)
            let bytes = request.serialized()
            let measured = started >= measureFrom
            do {
                let response = try connection.send(bytes, keepBody: generator.keepsBodies)
                let finished = Self.nanoseconds()
                generator.received(response)
                if measured {
                    result.record(
                        micros: (finished - started) / 1_000, status: response.status,
                        isExpected: request.expected.contains(response.status), bodySize: response.bodySize,
                        body: response.body)
                } else {
                    result.warmupRequests += 1
                }
            } catch {
                generator.received(BenchResponse(status: 0))
                if measured { result.recordFailure(Self.describe(error)) }
                // Do not spin on a refused connection.
                usleep(10_000)
            }
        }
        return result
    }

    private static func describe(_ error: ClientError) -> String {
        switch error {
        case .io(let message): "io: " + message
        case .protocolError(let message): "protocol: " + message
        }
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    static func nanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}
