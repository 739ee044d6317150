extension HTTPServerConfiguration {
    /// The environment variables ``fromEnvironment(_:base:)`` reads, by setting.
    public enum EnvironmentKey {
        /// `host`
        public static let host = "ROSTER_HTTP_HOST"
        /// `port`
        public static let port = "ROSTER_HTTP_PORT"
        /// `workerCount`
        public static let workers = "ROSTER_HTTP_WORKERS"
        /// `queueDepth`
        public static let queueDepth = "ROSTER_HTTP_QUEUE_DEPTH"
        /// `maxHeadBytes`
        public static let maxHeadBytes = "ROSTER_HTTP_MAX_HEAD_BYTES"
        /// `maxHeaderCount`
        public static let maxHeaders = "ROSTER_HTTP_MAX_HEADERS"
        /// `maxBodyBytes`
        public static let maxBodyBytes = "ROSTER_HTTP_MAX_BODY_BYTES"
        /// `idleTimeout`, seconds
        public static let idleTimeout = "ROSTER_HTTP_IDLE_TIMEOUT"
        /// `requestTimeout`, seconds
        public static let requestTimeout = "ROSTER_HTTP_REQUEST_TIMEOUT"
        /// `maxConnections`
        public static let maxConnections = "ROSTER_HTTP_MAX_CONNECTIONS"
        /// `shutdownTimeout`, seconds
        public static let shutdownTimeout = "ROSTER_HTTP_SHUTDOWN_TIMEOUT"
        /// `backlog`
        public static let backlog = "ROSTER_HTTP_BACKLOG"
        /// `affinityDepth`
        public static let affinityDepth = "ROSTER_HTTP_AFFINITY_DEPTH"
        /// `affinitySteal`, seconds
        public static let affinitySteal = "ROSTER_HTTP_AFFINITY_STEAL"
    }

    /// Reads the settings of the table on ``HTTPServerConfiguration`` from `environment`, starting from
    /// `base` for anything not set (an empty value counts as not set).
    ///
    /// Throws ``HTTPError/Code/invalidConfiguration`` with a message naming the variable and the
    /// accepted range, e.g. `ROSTER_HTTP_WORKERS must be an integer between 1 and 4096, got "x"`.
    public static func fromEnvironment(
        _ environment: [String: String], base: HTTPServerConfiguration = HTTPServerConfiguration()
    ) throws(HTTPError) -> HTTPServerConfiguration {
        typealias Key = EnvironmentKey
        let reader = EnvironmentReader(environment: environment)
        var configuration = base
        if let host = reader.string(Key.host) { configuration.host = host }
        try reader.integer(Key.port, 0...65535, into: &configuration.port)
        try reader.integer(Key.workers, 1...4096, into: &configuration.workerCount)
        try reader.integer(Key.queueDepth, 1...1_000_000, into: &configuration.queueDepth)
        try reader.integer(Key.maxHeadBytes, 256...(1 << 20), into: &configuration.maxHeadBytes)
        try reader.integer(Key.maxHeaders, 1...10_000, into: &configuration.maxHeaderCount)
        try reader.integer(Key.maxBodyBytes, 0...(1 << 34), into: &configuration.maxBodyBytes)
        try reader.seconds(Key.idleTimeout, allowZero: false, into: &configuration.idleTimeout)
        try reader.seconds(Key.requestTimeout, allowZero: false, into: &configuration.requestTimeout)
        try reader.integer(Key.maxConnections, 1...10_000_000, into: &configuration.maxConnections)
        try reader.seconds(Key.shutdownTimeout, allowZero: true, into: &configuration.shutdownTimeout)
        try reader.integer(Key.backlog, 1...65535, into: &configuration.backlog)
        try reader.integer(Key.affinityDepth, 0...1024, into: &configuration.affinityDepth)
        try reader.seconds(Key.affinitySteal, allowZero: true, into: &configuration.affinitySteal)
        try configuration.validate()
        return configuration
    }
}

/// Reads typed values from an environment dictionary, with errors that name the variable.
private struct EnvironmentReader {
    let environment: [String: String]

    func string(_ key: String) -> String? {
        guard let value = environment[key]?.trimmingWhitespace(), !value.isEmpty else { return nil }
        return value
    }

    func integer(_ key: String, _ range: ClosedRange<Int>, into target: inout Int) throws(HTTPError) {
        guard let text = string(key) else { return }
        guard let value = Int(text), range.contains(value) else {
            throw HTTPError(
                .invalidConfiguration,
                "\(key) must be an integer between \(range.lowerBound) and \(range.upperBound), got \"\(text)\"")
        }
        target = value
    }

    func seconds(_ key: String, allowZero: Bool, into target: inout Duration) throws(HTTPError) {
        guard let text = string(key) else { return }
        let limit = 86_400.0
        guard let value = Double(text), value.isFinite, allowZero ? value >= 0 : value > 0, value <= limit else {
            let lower = allowZero ? "at least 0" : "greater than 0"
            throw HTTPError(
                .invalidConfiguration,
                "\(key) must be a number of seconds \(lower) and at most \(Int(limit)), got \"\(text)\"")
        }
        target = .milliseconds(Int64((value * 1000).rounded()))
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(Substring(self).trimmingASCIIWhitespace())
    }
}
