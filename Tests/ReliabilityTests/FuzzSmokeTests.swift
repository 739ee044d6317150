import Foundation
import TestSupport
import Testing

/// The quick variant of `.ci/tests.d/40-fuzz.sh`: `roster-fuzz` with a fixed seed and 3,000 requests against its
/// own `roster serve`; every reply must pass its checks and the server must stay up and small.
@Suite struct FuzzSmokeTests {
    /// The `roster-fuzz` binary next to `roster`.
    static var executable: URL {
        RosterProcess.executable.deletingLastPathComponent().appendingPathComponent("roster-fuzz")
    }

    @Test func survivesThreeThousandMutatedRequests() throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["--seed", "8", "--requests", "3000", "--time-limit", "180", "--health-every", "500"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        print(text)
        #expect(process.terminationStatus == 0, "roster-fuzz failed:\n\(text.suffix(6_000))")
        #expect(text.contains("roster-fuzz: 3000 requests in"))
        #expect(text.contains("roster-fuzz: PASS"))
    }
}
