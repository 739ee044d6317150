import Foundation
import TestSupport

// roster-fuzz: a seeded, time-bounded fuzzer for a real running Roster (see FuzzOptions.usage).
guard let options = FuzzOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
    FileHandle.standardError.write(Data((FuzzOptions.usage + "\n").utf8))
    exit(64)
}

if !options.dump.isEmpty {
    let generator = RequestGenerator(seed: options.seed, target: .offline)
    for index in options.dump {
        let fuzzCase = generator.make(index)
        say("case \(index) (\(fuzzCase.kind), \(fuzzCase.delivery)): \(Escape.bytes(fuzzCase.bytes))")
    }
    exit(0)
}

let setup: FuzzSetup
do {
    setup = try FuzzSetup.start(environment: [
        // Rate limiting off and a deep queue: a 429 or 503 would only say the fuzzer is fast, so any 5xx is a bug.
        "ROSTER_RATE_LIMIT": "0", "ROSTER_HTTP_WORKERS": "4", "ROSTER_HTTP_QUEUE_DEPTH": "4096",
    ])
} catch {
    say("roster-fuzz: setup failed: \(error)")
    exit(1)
}

var passed: Bool
if options.replay.isEmpty {
    passed = FuzzRunner(options: options, setup: setup).run()
} else {
    passed = true
    let generator = RequestGenerator(seed: options.seed, target: setup.target)
    let worker = FuzzWorker(port: setup.server.port, timeout: 20)
    for index in options.replay {
        let fuzzCase = generator.make(index)
        say("case \(index) (\(fuzzCase.kind), \(fuzzCase.delivery)): \(Escape.bytes(fuzzCase.bytes))")
        do {
            try worker.run(fuzzCase)
            say("  passed; statuses so far \(worker.tally.statuses)")
        } catch {
            passed = false
            say(
                FuzzFailure(fuzzCase: fuzzCase, reason: error.reason, response: error.response).describe(
                    seed: options.seed))
        }
    }
}
setup.server.stop()
exit(passed ? 0 : 1)
