import Foundation

/// Measures one scenario: Roster under load (with the server's memory and the database's statement count),
/// then pgbench on the equivalent statements, then nginx on a static body of the same size.
struct ScenarioMeasurement {
    let options: BenchOptions
    let dataset: BenchDataset
    let address: BenchAddress
    let serverPID: Int32?
    let counter: StatementCounter
    let pgbench: PgBench?
    let databaseURL: String
    let nginx: NginxServer?
    let work: String
    let progress: ProgressLine

    func run(_ name: ScenarioName) -> ScenarioResult {
        let total = options.warmup + options.duration
        progress.update("\(name.rawValue): Roster, \(options.connections) connections, \(Int(total.rounded())) s …")
        let sampler = serverPID.map(RSSSampler.init)
        sampler?.start()
        counter.reset()
        let runTag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
        let dataset = dataset
        let connections = options.connections
        let load = generator(address).run { index in
            ScenarioFactory.make(
                name,
                context: ScenarioContext(dataset: dataset, connection: index, connections: connections, runTag: runTag))
        }
        var result = ScenarioResult(name: name, load: load)
        result.memory = sampler?.stop()
        let statements = counter.read()
        result.statements = statements.total
        result.topStatements = statements.top
        if name == .getUser && options.runsWrk {
            // Right after the load generator's run, so both see the same server and machine state.
            result.wrk = compareWithWrk(notes: &result.notes)
        }

        if let pgbench, let scripts = PgBenchScripts.scripts(for: name, dataset: dataset) {
            progress.update(
                "\(name.rawValue): pgbench, \(options.pgbenchClients) clients, \(Int(options.duration)) s …")
            switch pgbench.run(
                scripts, databaseURL: databaseURL, connections: options.pgbenchClients, duration: options.duration,
                warmup: options.warmup, folder: work)
            {
            case .success(let figures):
                result.pgbench = figures
                if figures.failed { result.notes.append("pgbench: a client aborted, its rate is a lower bound") }
            case .failure(let failure):
                result.notes.append(failure.description)
            }
        }
        if let nginx, load.meanBodySize > 0 || load.requests > 0 {
            progress.update("\(name.rawValue): nginx, \(options.connections) connections, \(Int(total.rounded())) s …")
            let size = load.meanBodySize
            let org = dataset.organizations[0]
            let request = BenchRequest(method: "GET", path: nginx.body(size: size), host: org.host, token: org.token)
            result.nginx = generator(nginx.address).run { _ in StaticScenario(request) }
            result.nginxBodySize = size
        }
        progress.finish(
            "\(name.rawValue): \(Format.rate(load.rate)) req/s, p99 \(Format.latency(Double(load.latency.percentile(99)))), "
                + "errors \(load.errorSummary)")
        return result
    }

    /// wrk on `get-user` against the same server: its rate and non-2xx count.
    func compareWithWrk(notes: inout [String]) -> (rate: Double, errors: Int)? {
        guard let binary = WrkCheck.locate() else {
            notes.append("wrk not found: the load generator was not compared with it")
            return nil
        }
        progress.update("get-user: wrk, \(options.connections) connections, \(Int(options.duration)) s …")
        guard
            let wrk = WrkCheck.run(
                binary: binary, address: address, dataset: dataset, connections: options.connections,
                duration: options.duration, folder: work)
        else {
            notes.append("wrk failed: the load generator was not compared with it")
            return nil
        }
        return wrk
    }

    private func generator(_ target: BenchAddress) -> LoadGenerator {
        LoadGenerator(
            address: target, connections: options.connections, duration: options.duration, warmup: options.warmup,
            seed: options.seed)
    }
}
