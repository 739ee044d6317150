import Foundation
import Synchronization
import TestSupport
import Testing

/// The deployment of the README and `docker-compose.yml`, as far as it runs without a Docker engine: the
/// binary against a PostgreSQL given only by `DATABASE_URL`, with exactly the environment the compose file
/// gives the `roster` service, the README's `docker compose exec roster roster …` commands, and the compose
/// file's settings each read (and checked) by Roster.
@Suite struct DeploymentTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The `environment:` entries of the compose file's `roster` service: name → value with `${X:-default}`
    /// replaced by its default.
    static func composeEnvironment() throws -> [(String, String)] {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        var entries: [(String, String)] = []
        var inRoster = false
        var inEnvironment = false
        for line in text.components(separatedBy: "\n") {
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if indent == 2 { inRoster = trimmed == "roster:" }
            if indent == 4 { inEnvironment = inRoster && trimmed == "environment:" }
            guard inEnvironment, indent == 6, let colon = trimmed.firstIndex(of: ":") else { continue }
            var value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            value = value.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if value.hasPrefix("${"), let dash = value.range(of: ":-") {
                value = String(value[dash.upperBound...].dropLast())
            }
            entries.append((String(trimmed[..<colon]), value))
        }
        return entries
    }

    /// The README's `docker compose exec roster roster …` commands, as argument lists.
    static func readmeCommands() throws -> [[String]] {
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let prefix = "docker compose exec roster roster "
        return text.components(separatedBy: "\n").filter { $0.hasPrefix(prefix) }.map { line in
            // Words split on spaces, double quotes grouping.
            var words: [String] = []
            var current = ""
            var quoted = false
            for character in line.dropFirst(prefix.count) {
                if character == "\"" {
                    quoted.toggle()
                } else if character == " " && !quoted {
                    if !current.isEmpty { words.append(current) }
                    current = ""
                } else {
                    current.append(character)
                }
            }
            if !current.isEmpty { words.append(current) }
            return words
        }
    }

    @Test func servesWithOnlyTheComposeEnvironmentAndTheReadmeCommandsWork() throws {
        let keyword = try TestDatabase.create(prefix: "compose")
        // The compose file's URL form, postgres://user@host:port/db, for the tests' own cluster.
        let name = try #require(keyword.components(separatedBy: "dbname=").last)
        let url =
            TestCluster.shared.isExternal
            ? keyword : "postgres://postgres@127.0.0.1:\(try TestCluster.shared.port)/\(name)"
        let migrate = try RosterProcess.run(["migrate"], environment: ["DATABASE_URL": url])
        #expect(migrate.status == 0, "\(migrate.stderr)")

        var environment: [String: String] = [:]
        for (key, value) in try Self.composeEnvironment() { environment[key] = value }
        #expect(environment["DATABASE_URL"] != nil && environment["PORT"] == "8080")
        environment["DATABASE_URL"] = url
        environment["PORT"] = "0"
        let serve = try ServeProcess(environment: environment)
        defer { serve.terminate() }
        let port = try #require(serve.waitForPort(), "roster serve did not start: \(serve.output)")

        let client = try TestHTTPClient(port: port)
        let ready = try client.request("GET", "/readyz")
        #expect(ready.status == 200)
        #expect(ready.object["status"] as? String == "ready")

        let commands = try Self.readmeCommands()
        #expect(commands.count >= 4)
        #expect(commands.contains { $0.first == "selftest" })
        var secret: String?
        for command in commands {
            // `docker compose exec` runs with the container's environment: DATABASE_URL and PORT.
            let output = try RosterProcess.run(command, environment: ["DATABASE_URL": url, "PORT": String(port)])
            #expect(output.status == 0, "\(command): \(output.stderr)")
            if let range = output.stdout.range(of: #"roster_[A-Za-z0-9]{43}"#, options: .regularExpression) {
                secret = String(output.stdout[range])
            }
        }
        let token = try #require(secret, "no README command printed a token")
        let host = try #require(commands.first?.firstIndex(of: "--host").map { commands[0][$0 + 1] })
        let created = try client.request(
            "POST", "/api/scim/v2/Users", host: host,
            headers: [("Authorization", "Bearer \(token)"), ("Content-Type", "application/scim+json")],
            body: #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"first@example.com"}"#)
        #expect(created.status == 201)
        // ROSTER_PUBLIC_SCHEME defaults to https in the compose file (Roster behind a TLS proxy).
        #expect(created.header("Location")?.hasPrefix("https://\(host)/api/scim/v2/Users/") == true)
        client.close()
        #expect(serve.terminate() == 0)
    }

    @Test func everyComposeSettingIsOneRosterReadsAndChecks() throws {
        let unreachable = "host=127.0.0.1 port=1 user=x dbname=x connect_timeout=1"
        // A value Roster must refuse, the exit status (78: configuration) and what its message must carry.
        let refusals: [String: (value: String, extra: [String: String], status: Int32, names: String)] = [
            "SCIM_AUTH_TOKEN": ("short", [:], 78, "SCIM_AUTH_TOKEN"),
            "SCIM_AUTH_TOKEN_ORG": ("", ["SCIM_AUTH_TOKEN": "long-enough-secret"], 78, "SCIM_AUTH_TOKEN_ORG"),
            "ROSTER_PUBLIC_SCHEME": ("ftp", [:], 78, "ROSTER_PUBLIC_SCHEME"),
            // Migrations run on the direct URL: an unreachable one stops serve (with a reachable DATABASE_URL).
            "DATABASE_DIRECT_URL": (
                unreachable, ["DATABASE_URL": try TestDatabase.shared(), "PORT": "0"], 69, "cannot reach the database"
            ),
        ]
        let keys = try Self.composeEnvironment().map(\.0)
        #expect(keys.contains("DATABASE_URL"))
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for key in keys {
            #expect(readme.contains("| `\(key)` |"), "\(key) is not in the README's configuration table")
            guard key != "DATABASE_URL" else { continue }
            let refusal = refusals[key] ?? ("not-a-number", [:], 78, key)
            var environment = ["DATABASE_URL": unreachable]
            environment.merge(refusal.extra) { $1 }
            environment[key] = refusal.value
            let output = try RosterProcess.run(["serve"], environment: environment, timeout: 30)
            #expect(output.status == refusal.status, "\(key): \(output.status) \(output.stderr)")
            #expect(output.stderr.contains(refusal.names), "\(key): \(output.stderr)")
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/docker-compose"), "needs docker-compose"))
    func theComposeFileValidates() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-compose")
        process.arguments = ["-f", Self.root.appendingPathComponent("docker-compose.yml").path, "config", "--services"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let services = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Set(services.split(separator: "\n").map(String.init)) == ["postgres", "roster"])
    }
}

/// `roster serve` as a child process whose standard output is read as it arrives.
final class ServeProcess: @unchecked Sendable {
    private let process = Process()
    private let buffer = Mutex("")

    init(environment: [String: String]) throws {
        process.executableURL = RosterProcess.executable
        process.arguments = ["serve"]
        var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.buffer.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    var output: String { buffer.withLock { $0 } }

    /// The port from "serving SCIM 2.0 on http://…:PORT/", within 60 s.
    func waitForPort() -> Int? {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning {
            let text = output
            if let range = text.range(of: #"serving SCIM 2\.0 on http://[0-9.]+:[0-9]+"#, options: .regularExpression),
                let port = text[range].split(separator: ":").last.flatMap({ Int($0) })
            {
                return port
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    /// SIGTERM, then waits (SIGKILL after 20 s); returns the exit status.
    @discardableResult
    func terminate() -> Int32 {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(20)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        return process.terminationStatus
    }
}
