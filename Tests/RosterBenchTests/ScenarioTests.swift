import Foundation
import Testing

@testable import Bench

@Suite struct ScenarioTests {
    static let dataset = BenchDataset(
        organizations: (1...3).map {
            BenchDataset.Organization(index: $0, host: "org\($0).bench.test", token: "t\($0)", users: 50)
        },
        groupOrganization: BenchDataset.Organization(index: 0, host: "groups.bench.test", token: "tg", users: 120),
        bigGroup: 100, groups: 4)

    func context(_ connection: Int = 0, of connections: Int = 4) -> ScenarioContext {
        ScenarioContext(dataset: Self.dataset, connection: connection, connections: connections, runTag: "t")
    }

    @Test func idsAreDeterministicValidUUIDs() {
        let id = BenchDataset.userID(organization: 12, user: 345)
        #expect(id == "00000012-0000-4000-8000-000000000345")
        #expect(UUID(uuidString: id) != nil)
        #expect(UUID(uuidString: BenchDataset.groupID(organization: 0, group: BenchDataset.bigGroupNumber)) != nil)
        #expect(BenchDataset.index(ofHost: "org7.bench.test") == 7)
        #expect(BenchDataset.index(ofHost: "groups.bench.test") == 0)
        #expect(BenchDataset.index(ofHost: "example.com") == nil)
    }

    @Test func readsPickUsersOfTheOrganizationTheyAddress() {
        var random = BenchRandom(seed: 1, stream: 0)
        var generator = ReadScenario(.getUser, context: context())
        for _ in 0..<200 {
            let request = generator.next(&random)
            let index = BenchDataset.index(ofHost: request.host)!
            let id = String(request.path.split(separator: "/").last!)
            #expect(id.hasPrefix(String(format: "%08d-", index)))
            #expect((1...50).contains(Int(id.suffix(12))!))
            #expect(request.token == "t\(index)" && request.method == "GET" && request.expected == [200])
        }
        var lookup = ReadScenario(.filterUsername, context: context())
        let path = lookup.next(&random).path
        #expect(path.hasPrefix("/api/scim/v2/Users?filter=userName%20eq%20%22user") && path.hasSuffix(".bench.test%22"))
    }

    @Test func pairsRunOnTheSameUserAndKeepConnectionsApart() {
        var random = BenchRandom(seed: 9, stream: 1)
        for connection in 0..<4 {
            var generator = GroupAddScenario(.big, context: context(connection))
            for _ in 0..<50 {
                let add = String(decoding: generator.next(&random).body!, as: UTF8.self)
                #expect(!generator.isAtBoundary)
                let remove = generator.next(&random)
                #expect(generator.isAtBoundary)
                let user = add.components(separatedBy: "\"value\":\"")[1].prefix(36)
                let number = Int(user.suffix(12))!
                #expect(number > 100 && number <= 120, "never a member of the big group")
                #expect(number % 4 == (101 + connection) % 4, "connection \(connection) owns its users")
                #expect(String(decoding: remove.body!, as: UTF8.self).contains("members[value eq \\\"\(user)\\\"]"))
                #expect(
                    remove.path.hasSuffix(BenchDataset.groupID(organization: 0, group: BenchDataset.bigGroupNumber)))
            }
        }
    }

    @Test func oktaSequenceFollowsTheCreatedId() {
        var random = BenchRandom(seed: 3, stream: 0)
        var okta = SyncScenario(context: context(), provider: .okta)
        let methods = (0..<5).map { step -> String in
            let request = okta.next(&random)
            okta.received(
                BenchResponse(
                    status: step == 1 ? 201 : 200, location: step == 1 ? "http://h/api/scim/v2/Users/abc" : nil))
            if step >= 2 { #expect(request.path.hasSuffix("/Users/abc")) }
            return request.method
        }
        #expect(methods == ["GET", "POST", "GET", "PUT", "PATCH"])
        #expect(okta.isAtBoundary)
        // A failed create starts a new sequence instead of using a missing id.
        _ = okta.next(&random)
        _ = okta.next(&random)
        okta.received(BenchResponse(status: 409))
        #expect(okta.next(&random).method == "GET")
    }

    @Test func entraSendsItsDialects() {
        var random = BenchRandom(seed: 3, stream: 0)
        var entra = SyncScenario(context: context(), provider: .entra)
        var bodies: [String] = []
        for step in 0..<5 {
            let request = entra.next(&random)
            bodies.append(request.body.map { String(decoding: $0, as: UTF8.self) } ?? "")
            entra.received(BenchResponse(status: step == 1 ? 201 : 200, location: "/api/scim/v2/Users/xyz"))
        }
        #expect(bodies[2].contains("\"op\":\"Replace\"") && bodies[2].contains("emails[type eq \\\"work\\\"].value"))
        #expect(bodies[3].contains("\"name.familyName\""))
        #expect(bodies[4].contains("\"value\":\"False\""))
    }

    @Test func mixFollowsItsWeights() {
        #expect(MixScenario.weights.reduce(0) { $0 + $1.weight } == 100)
        var random = BenchRandom(seed: 5, stream: 0)
        var mix = MixScenario(context: context())
        var gets = 0
        let total = 4_000
        for _ in 0..<total {
            let request = mix.next(&random)
            mix.received(BenchResponse(status: request.expected.first!))
            if request.method == "GET" && !request.path.contains("?") { gets += 1 }
        }
        // get-user is 40% of the scenarios started; pairs make a few more requests, so a bit less of all requests.
        #expect((0.30...0.42).contains(Double(gets) / Double(total)))
    }

    @Test func requestsSerializeAsKeepAliveHTTP() {
        let request = BenchRequest(method: "POST", path: "/x", host: "h", token: "tok", body: Array("{}".utf8))
        let text = String(decoding: request.serialized(), as: UTF8.self)
        #expect(text.hasPrefix("POST /x HTTP/1.1\r\nHost: h\r\n"))
        #expect(text.contains("Authorization: Bearer tok\r\n") && text.hasSuffix("Content-Length: 2\r\n\r\n{}"))
    }

    @Test func pgbenchScriptsCountDataStatements() throws {
        let get = try #require(PgBenchScripts.scripts(for: .getUser, dataset: Self.dataset))
        #expect(get.count == 3 && get.allSatisfy { $0.statements == 1 && $0.requests == 1 })
        let create = try #require(PgBenchScripts.scripts(for: .createUser, dataset: Self.dataset)?.first)
        #expect(create.statements == 3 && create.text.contains("BEGIN;") && !create.text.contains(":ietf"))
        let deactivate = try #require(PgBenchScripts.scripts(for: .deactivate, dataset: Self.dataset)?.first)
        #expect(deactivate.requests == 2 && deactivate.statements == 11)
        let mix = try #require(PgBenchScripts.scripts(for: .mix, dataset: Self.dataset))
        #expect(mix.count == 3 * MixScenario.weights.count)
    }

    @Test func parsesPgbenchOutputAfterTheWarmUp() throws {
        let output = """
            progress: 1.0 s, 90.0 tps, lat 1.000 ms stddev 0.100, 0 failed
            progress: 2.0 s, 180.0 tps, lat 1.000 ms stddev 0.100, 0 failed
            progress: 3.0 s, 220.0 tps, lat 1.000 ms stddev 0.100, 0 failed
            tps = 163.3 (without initial connection time)
            SQL script 1: /tmp/a.sql
             - weight: 3 (targets 75.0% of total)
             - 1500 transactions (75.0% of total, tps = 150.000000)
            SQL script 2: /tmp/b.sql
             - weight: 1 (targets 25.0% of total)
             - 500 transactions (25.0% of total, tps = 50.000000)
            """
        let scripts = [
            PgBenchScript(text: "SELECT 1;\n", weight: 3),
            PgBenchScript(text: "SELECT 1;\nSELECT 2;\n", weight: 1, requests: 2),
        ]
        let result = try #require(PgBench.parse(output, scripts: scripts, warmup: 1))
        // Runs after the warm-up: (180 + 220) / 2 = 200 a second; 1.25 requests a run (1500 × 1 + 500 × 2).
        #expect(result.scriptRate == 200)
        #expect(result.requestRate == 250)
        // (3 × 1 + 1 × 2 statements) / (3 × 1 + 1 × 2 requests).
        #expect(result.statementsPerRequest == 1)
        let mix = try #require(PgBenchScripts.scripts(for: .mix, dataset: Self.dataset))
        let perRequest = try #require(PgBench.parse("tps = 1.0 (without initial connection time)\n", scripts: mix))
        // 40 + 28 + 2 gets and lookups, 10 × 4 patch, 5 × 3 create, 5 × 4 replace, 5 × 11 deactivate pairs and
        // 5 × 17 group pairs, over 100 + 5 + 5 requests.
        #expect(abs(perRequest.statementsPerRequest - 285.0 / 110.0) < 1e-9)
        let summaryOnly = try #require(
            PgBench.parse("tps = 50.0 (without initial connection time)\n", scripts: [scripts[1]]))
        #expect(summaryOnly.requestRate == 100)
        #expect(PgBench.parse("pgbench: error: connection refused", scripts: scripts) == nil)
    }
}
