/// What a load run measured: latencies, responses by status, errors, bytes.
public struct LoadResult: Sendable, Equatable {
    /// Measured seconds.
    public var duration: Double
    /// Latencies of the measured requests (µs), including the failed ones.
    public var latency = LatencyHistogram()
    /// Responses by HTTP status.
    public var statuses: [Int: Int] = [:]
    /// Unexpected responses by status, and connection failures by message (`io: …`).
    public var errors: [String: Int] = [:]
    /// Body bytes received.
    public var bodyBytes = 0
    /// Requests answered during the warm-up (not measured, but they ran SQL too).
    public var warmupRequests = 0
    /// The first body of each unexpected status (truncated), to say what the errors were.
    public var errorSamples: [String: String] = [:]

    /// An empty result for a run of `duration` seconds.
    public init(duration: Double) {
        self.duration = duration
    }

    /// Measured requests (answered or failed).
    public var requests: Int { statuses.values.reduce(0, +) + failures }
    /// Requests that failed without a response.
    public var failures: Int { errors.filter { !$0.key.hasPrefix("status ") }.values.reduce(0, +) }
    /// Requests with an unexpected status or none.
    public var errorCount: Int { errors.values.reduce(0, +) }
    /// Requests per second.
    public var rate: Double { duration > 0 ? Double(requests) / duration : 0 }
    /// Mean body size of the answered requests.
    public var meanBodySize: Int {
        let answered = statuses.values.reduce(0, +)
        return answered == 0 ? 0 : bodyBytes / answered
    }

    /// Records an answered request.
    public mutating func record(micros: UInt64, status: Int, isExpected: Bool, bodySize: Int, body: [UInt8] = []) {
        latency.record(micros)
        statuses[status, default: 0] += 1
        bodyBytes += bodySize
        guard !isExpected else { return }
        let key = "status \(status)"
        errors[key, default: 0] += 1
        if errorSamples[key] == nil { errorSamples[key] = String(decoding: body.prefix(300), as: UTF8.self) }
    }

    /// Records a request that got no response.
    public mutating func recordFailure(_ message: String) {
        errors[message, default: 0] += 1
    }

    /// Adds another connection's result (same duration).
    public mutating func merge(_ other: LoadResult) {
        latency.merge(other.latency)
        statuses.merge(other.statuses, uniquingKeysWith: +)
        errors.merge(other.errors, uniquingKeysWith: +)
        bodyBytes += other.bodyBytes
        warmupRequests += other.warmupRequests
        errorSamples.merge(other.errorSamples) { first, _ in first }
    }

    /// `status 409: 3, io: …: 1`, or `0`.
    public var errorSummary: String {
        guard !errors.isEmpty else { return "0" }
        return errors.sorted { $0.key < $1.key }.map { "\($0.key.prefix(40)): \($0.value)" }.joined(separator: ", ")
    }
}
