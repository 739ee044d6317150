import Foundation
import Testing

@testable import LocalPostgres

@Suite("Subprocess")
struct SubprocessTests {
    @Test func capturesOutputAndExitStatus() throws {
        let result = try Subprocess(executable: "/bin/sh", arguments: ["-c", "echo out; echo err >&2; exit 3"]).run()
        #expect(result.stdout == "out\n")
        #expect(result.stderr == "err\n")
        #expect(result.status == 3)
        #expect(!result.signalled)
        #expect(!result.succeeded)
    }

    @Test func reportsDeathBySignal() throws {
        let result = try Subprocess(executable: "/bin/sh", arguments: ["-c", "kill -TERM $$"]).run()
        #expect(result.signalled)
        #expect(result.status == SIGTERM)
    }

    @Test func childInheritsOnlyStandardDescriptors() throws {
        let result = try Subprocess(executable: "/bin/sh", arguments: ["-c", "ls /proc/$$/fd"]).run()
        #expect(result.stdout.split(separator: "\n") == ["0", "1", "2"], "\(result.stdout)")
    }

    /// `pg_ctl start` leaves a daemon behind: the run must end when the program does, not when the
    /// daemon does.
    @Test func returnsWhileADaemonItStartedLivesOn() throws {
        let started = Date()
        let result = try Subprocess(
            executable: "/bin/sh", arguments: ["-c", "sleep 30 </dev/null >/dev/null 2>&1 & echo $!"]
        ).run()
        #expect(Date().timeIntervalSince(started) < 10)
        if let daemon = pid_t(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(daemon, SIGKILL)
        }
    }

    @Test func runsInTheRootFolderWithTheGivenEnvironment() throws {
        let result = try Subprocess(
            executable: "/bin/sh", arguments: ["-c", "pwd; echo $ROSTER_X"], environment: ["ROSTER_X": "y"]
        ).run()
        #expect(result.stdout == "/\ny\n")
    }

    @Test func failsToLaunchAMissingProgram() {
        let error = #expect(throws: LocalPostgresError.self) {
            try Subprocess(executable: "/nonexistent/program", arguments: []).run()
        }
        #expect(error?.kind == .system)
    }
}
