import Testing

@testable import Bench

@Suite struct BenchOptionsTests {
    @Test func defaultsMatchTheIssue() throws {
        let options = try BenchOptions.parse([])
        #expect(options.organizations == 10)
        #expect(options.users == 10_000)
        #expect(options.connections == 32)
        #expect(options.duration == 10)
        #expect(options.bigGroup == 100_000)
        #expect(options.scenarios == [.mix])
        #expect(options.runsPgBench && options.runsNginx && options.startsServer)
    }

    @Test func parsesEveryOption() throws {
        let options = try BenchOptions.parse([
            "--orgs", "1000", "--users", "1_000", "--groups", "5", "--connections", "8", "--duration", "2.5",
            "--warmup", "0", "--scenario", "get-user,okta-sync", "--json", "/tmp/x.json", "--no-pgbench", "--no-nginx",
            "--no-wrk", "--big-group", "500", "--seed", "42", "--database-url", "host=x",
        ])
        #expect(options.organizations == 1000)
        #expect(options.users == 1000)
        #expect(options.groups == 5)
        #expect(options.connections == 8)
        #expect(options.duration == 2.5)
        #expect(options.warmup == 0)
        #expect(options.scenarios == [.getUser, .oktaSync])
        #expect(options.jsonPath == "/tmp/x.json")
        #expect(!options.runsPgBench && !options.runsNginx && !options.runsWrk)
        #expect(options.bigGroup == 500)
        #expect(options.seed == 42)
        #expect(options.databaseURL == "host=x")
    }

    @Test func allExpandsToEveryScenarioOnceInOrder() throws {
        #expect(try ScenarioName.parseList("all") == ScenarioName.allCases)
        #expect(try ScenarioName.parseList("mix,get-user,mix") == [.mix, .getUser])
        #expect(try ScenarioName.parseList("get-user,all").count == ScenarioName.allCases.count)
    }

    @Test func needsTheGroupOrganizationOnlyForGroupAdds() throws {
        #expect(try !BenchOptions.parse(["--scenario", "mix"]).needsGroupOrganization)
        #expect(try BenchOptions.parse(["--scenario", "patch-group-add-big"]).needsGroupOrganization)
    }

    @Test(arguments: [
        ["--orgs"], ["--orgs", "0"], ["--users", "ten"], ["--scenario", "nope"], ["--duration", "-1"], ["--bogus"],
        ["--server-url", "http://127.0.0.1:1"], ["--server-url", "http://127.0.0.1:1", "--tokens", "f", "--no-server"],
        ["--scenario", ","],
    ])
    func rejectsBadCommandLines(_ words: [String]) {
        #expect(throws: BenchUsageError.self) { try BenchOptions.parse(words) }
    }

    @Test func readsServerAddresses() throws {
        #expect(try BenchAddress(url: "http://localhost:8080/api") == BenchAddress(host: "127.0.0.1", port: 8080))
        #expect(throws: BenchUsageError.self) { try BenchAddress(url: "https://127.0.0.1:8080") }
        #expect(throws: BenchUsageError.self) { try BenchAddress(url: "http://example.com:80") }
    }
}
