import Foundation

/// Checks that the load generator is not the bottleneck: runs `wrk` (2 threads, same connections and
/// duration) on the `get-user` request — random organization, random user — against the same server.
public enum WrkCheck {
    /// The wrk binary, if installed.
    public static func locate() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for folder in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"] {
            let candidate = folder + "/wrk"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// wrk's requests per second and non-2xx count, or nil when wrk is missing or fails.
    public static func run(
        binary: String, address: BenchAddress, dataset: BenchDataset, connections: Int, duration: Double,
        folder: String
    ) -> (rate: Double, errors: Int)? {
        let hosts = dataset.organizations.map { "{\"\($0.host)\",\"\($0.token)\",\($0.index),\($0.users)}" }
        let script = """
            local orgs = {\(hosts.joined(separator: ","))}
            math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
            request = function()
                local o = orgs[math.random(#orgs)]
                local id = string.format("%08d-0000-4000-8000-%012d", o[3], math.random(o[4]))
                return wrk.format("GET", "\(ScenarioContext.base)/Users/" .. id,
                    { ["Host"] = o[1], ["Authorization"] = "Bearer " .. o[2], ["Accept"] = "application/scim+json" })
            end
            """
        let path = folder + "/get-user.lua"
        guard (try? script.write(toFile: path, atomically: true, encoding: .utf8)) != nil else { return nil }
        let seconds = max(1, Int(duration.rounded()))
        guard
            let output = try? Subprocess.output(
                binary, ["-t2", "-c\(connections)", "-d\(seconds)s", "-s", path, address.url], timeout: duration + 60)
        else { return nil }
        var rate: Double?
        var errors = 0
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if line.hasPrefix("Requests/sec:"), let value = words.last.flatMap({ Double($0) }) { rate = value }
            if line.contains("Non-2xx or 3xx responses:"), let value = words.last.flatMap({ Int($0) }) {
                errors = value
            }
        }
        return rate.map { ($0, errors) }
    }
}
