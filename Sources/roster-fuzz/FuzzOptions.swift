/// Command-line options of `roster-fuzz`.
struct FuzzOptions {
    var seed: UInt64 = 1
    var requests = 100_000
    /// Seconds; the run fails if `requests` are not all sent by then.
    var timeLimit = 360.0
    var clients = 8
    var healthEvery = 1_000
    /// Largest resident set the server may reach, in MiB.
    var rssLimit = 512
    /// Largest growth of the resident set from the first tenth of the run to the end, in MiB.
    var rssGrowthLimit = 128
    /// Cases to send one by one (verbose) instead of a run.
    var replay: [Int] = []
    /// Cases to print (with placeholder ids and tokens) without a server.
    var dump: [Int] = []

    static let usage = """
        usage: roster-fuzz [--seed N] [--requests N] [--time-limit SECONDS] [--clients N] [--health-every N]
                           [--rss-limit-mb N] [--rss-growth-limit-mb N] [--replay I[,J…]] [--dump I[,J…]]

        Starts a throwaway PostgreSQL (or uses TEST_DATABASE_URL), seeds three organizations, runs `roster serve`
        (the binary next to this one) and sends mutated requests from the seed; every reply must be a well-formed
        HTTP/1.1 response, never a 5xx, a SCIM error for a 4xx with a body, or a clean close. Exit 0 when all pass,
        1 on the first failure (printed with its exact bytes and a replay command), 64 on a usage error.
        """

    static func parse(_ arguments: [String]) -> FuzzOptions? {
        var options = FuzzOptions()
        var words = arguments[...]
        func list(_ text: String) -> [Int]? {
            let values = text.split(separator: ",").compactMap { Int($0) }
            return values.isEmpty ? nil : values
        }
        while let word = words.popFirst() {
            if word == "--help" || word == "-h" { return nil }
            guard let value = words.popFirst() else { return nil }
            switch word {
            case "--seed":
                guard let seed = value.hasPrefix("0x") ? UInt64(value.dropFirst(2), radix: 16) : UInt64(value) else {
                    return nil
                }
                options.seed = seed
            case "--requests": guard let v = Int(value), v > 0 else { return nil }; options.requests = v
            case "--time-limit": guard let v = Double(value), v > 0 else { return nil }; options.timeLimit = v
            case "--clients": guard let v = Int(value), (1...256).contains(v) else { return nil }; options.clients = v
            case "--health-every": guard let v = Int(value), v > 0 else { return nil }; options.healthEvery = v
            case "--rss-limit-mb": guard let v = Int(value), v > 0 else { return nil }; options.rssLimit = v
            case "--rss-growth-limit-mb":
                guard let v = Int(value), v > 0 else { return nil }; options.rssGrowthLimit = v
            case "--replay": guard let v = list(value) else { return nil }; options.replay = v
            case "--dump": guard let v = list(value) else { return nil }; options.dump = v
            default: return nil
            }
        }
        return options
    }
}
