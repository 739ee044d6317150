import Foundation
import SCIM

// roster-bench: the project's own benchmarks. So far:
//   json [iterations]                          parse + serialize of a typical ~1 KB SCIM user
//   seed ORGS USERS PREFIX OUTPUT              seed ORGS organizations × USERS users into DATABASE_URL
//                                              (set-based), writing "host token" lines to OUTPUT
// Run release builds: swift run -c release roster-bench json

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: roster-bench json [iterations] | roster-bench seed ORGS USERS PREFIX OUTPUT"

guard let scenario = arguments.first else {
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}

switch scenario {
case "json":
    let iterations = arguments.count > 1 ? Int(arguments[1]) ?? 50_000 : 50_000
    var results: [JSONBenchmark.Result] = []
    for _ in 0..<5 { results.append(JSONBenchmark.run(iterations: iterations)) }
    let parse = results.map(\.parseMicros).sorted()
    let serialize = results.map(\.serializeMicros).sorted()
    let size = results.first?.sampleBytes ?? 0
    print("json: \(size)-byte SCIM user, 5 runs × \(iterations) iterations")
    print(String(format: "  parse      min %.2f µs  median %.2f µs", parse[0], parse[2]))
    print(String(format: "  serialize  min %.2f µs  median %.2f µs", serialize[0], serialize[2]))
case "seed":
    guard arguments.count == 5, let orgs = Int(arguments[1]), let users = Int(arguments[2]),
        let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
    else {
        FileHandle.standardError.write(Data((usage + " (DATABASE_URL must be set)\n").utf8))
        exit(64)
    }
    do {
        try Seeder.run(databaseURL: url, organizations: orgs, users: users, prefix: arguments[3], output: arguments[4])
    } catch {
        FileHandle.standardError.write(Data("roster-bench: \(String(reflecting: error))\n".utf8))
        exit(1)
    }
default:
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(64)
}
