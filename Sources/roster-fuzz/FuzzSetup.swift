import Foundation
import Postgres
import Store
import TestSupport

/// The system under test: a fresh migrated database, three organizations (the fuzzed one with users and
/// groups, another Enterprise one, a Free one) and `roster serve` as a child process.
struct FuzzSetup {
    let databaseURL: String
    let server: ServeProcess
    let target: FuzzTarget

    static let stableUsers = 24
    static let disposableUsers = 16
    static let stableGroups = 6
    static let disposableGroups = 4

    /// Creates the database (on `TEST_DATABASE_URL`, or a throwaway local cluster), seeds it and starts the
    /// server with `environment` added.
    static func start(environment: [String: String]) throws -> FuzzSetup {
        let url = try TestDatabase.createMigrated(prefix: "fuzz")
        let connection = try Connection(url)
        defer { connection.close() }
        let plane = ControlPlane(connection: connection)
        func organization(_ slug: String, plan: Plan) throws -> (host: String, token: String) {
            let host = "\(slug).example.test"
            _ = try plane.createOrganization(slug: Slug(slug), name: slug, plan: .enterprise, hosts: [HostName(host)])
            _ = try plane.setFlag(Slug(slug), .apiBeta)
            let token = try plane.createToken(Slug(slug), name: "fuzz", scopes: [.scim]).secret.value
            if plan != .enterprise { _ = try plane.setPlan(Slug(slug), plan) }
            return (host, token)
        }
        let fuzz = try organization("fuzz", plan: .enterprise)
        let other = try organization("other", plan: .enterprise)
        let free = try organization("free", plan: .free)

        let server = try ServeProcess(databaseURL: url, environment: environment)
        do {
            let seeder = try Seeder(port: server.port, host: fuzz.host, token: fuzz.token)
            let users = try (0..<(stableUsers + disposableUsers)).map { try seeder.createUser($0) }
            var groups: [String] = []
            for index in 0..<(stableGroups + disposableGroups) {
                let members = (0..<5).map { users[(index * 5 + $0) % users.count] }
                groups.append(try seeder.createGroup("Seed Group \(index)", members: members))
            }
            // The default groups too (never deletable; membership PATCH reaches their special rules).
            let defaults = try ["admin", "editor", "viewer", "All Users"].map { try seeder.groupID(named: $0) }
            let otherSeeder = try Seeder(port: server.port, host: other.host, token: other.token)
            let target = FuzzTarget(
                host: fuzz.host, otherHost: other.host, otherToken: other.token, freeHost: free.host, token: fuzz.token,
                userIDs: Array(users.prefix(stableUsers)), disposableUserIDs: Array(users.dropFirst(stableUsers)),
                groupIDs: Array(groups.prefix(stableGroups)) + defaults,
                disposableGroupIDs: Array(groups.dropFirst(stableGroups)), otherUserID: try otherSeeder.createUser(0))
            return FuzzSetup(databaseURL: url, server: server, target: target)
        } catch {
            server.stop()
            throw error
        }
    }
}

/// Creates the seed resources over HTTP.
struct Seeder {
    let client: TestHTTPClient
    let host: String
    let token: String

    init(port: Int, host: String, token: String) throws {
        client = try TestHTTPClient(port: port)
        self.host = host
        self.token = token
    }

    func send(_ method: String, _ path: String, _ body: String? = nil) throws -> TestHTTPClient.Response {
        var headers = [("Authorization", "Bearer \(token)")]
        if body != nil { headers.append(("Content-Type", "application/scim+json")) }
        return try client.request(method, "/api/scim/v2" + path, host: host, headers: headers, body: body)
    }

    func createUser(_ index: Int) throws -> String {
        let name = "seed\(index)@fuzz.example.com"
        let body = """
            {"schemas":["\(FuzzCorpus.userSchema)"],"userName":"\(name)","externalId":"ext-\(index)",
             "name":{"givenName":"Seed","familyName":"User \(index)"},"title":"t\(index % 3)",
             "emails":[{"value":"\(name)","type":"work","primary":true}],"active":true}
            """
        return try id(of: send("POST", "/Users", body), expecting: 201)
    }

    func createGroup(_ name: String, members: [String]) throws -> String {
        let list = members.map { #"{"value":"\#($0)"}"# }.joined(separator: ",")
        let body = #"{"schemas":["\#(FuzzCorpus.groupSchema)"],"displayName":"\#(name)","members":[\#(list)]}"#
        return try id(of: send("POST", "/Groups", body), expecting: 201)
    }

    func groupID(named name: String) throws -> String {
        let filter = RequestGenerator.encode("displayName eq \"\(name)\"")
        let response = try send("GET", "/Groups?filter=\(filter)")
        let resources = response.object["Resources"] as? [[String: Any]] ?? []
        guard let id = resources.first?["id"] as? String else {
            throw TestHTTPClient.Failure(description: "no default group \(name): \(response.status) \(response.text)")
        }
        return id
    }

    func id(of response: TestHTTPClient.Response, expecting status: Int) throws -> String {
        guard response.status == status, let id = response.object["id"] as? String else {
            throw TestHTTPClient.Failure(description: "seeding failed: \(response.status) \(response.text.prefix(300))")
        }
        return id
    }
}
