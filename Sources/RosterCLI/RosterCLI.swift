import Foundation
import Postgres
import Store

/// The `roster` command line: validate, then run. Exit statuses:
/// 0 success · 1 refused (unknown organization, duplicate, plan or beta gate) · 64 usage error ·
/// 69 database unavailable · 70 internal error · 78 bad configuration (`serve`).
public enum RosterCLI {
    /// Exit statuses (sysexits.h where one fits).
    public enum ExitCode: Int32 {
        case success = 0
        case refused = 1
        case usage = 64
        case unavailable = 69
        case software = 70
        case config = 78
    }

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Int32
    {
        let console = Console()
        do {
            try dispatch(arguments, environment: environment, console: console)
            return ExitCode.success.rawValue
        } catch let error as UsageError {
            console.error("roster: \(error.message) (see 'roster \(commandPath(arguments)) --help')")
            return ExitCode.usage.rawValue
        } catch let error as StoreError {
            switch error {
            case .invalid(let message):
                console.error("roster: \(message)")
                return ExitCode.usage.rawValue
            case .notFound(let message), .conflict(let message), .refused(let message):
                console.error("roster: \(message)")
                return ExitCode.refused.rawValue
            case .scim(let scim):
                console.error("roster: \(scim.detail)")
                return ExitCode.refused.rawValue
            case .database(let postgres):
                return report(postgres, console: console)
            }
        } catch let error as PostgresError {
            return report(error, console: console)
        } catch let error as DatabaseSetupError {
            console.error("roster: \(error.message)")
            return ExitCode.unavailable.rawValue
        } catch let error as SelftestFailure {
            console.error("roster: \(error.message)")
            return error.status
        } catch let error as ServeError {
            console.error("roster: \(error.message)")
            return ExitCode.config.rawValue
        } catch {
            console.error("roster: \(error)")
            return ExitCode.software.rawValue
        }
    }

    private static func report(_ error: PostgresError, console: Console) -> Int32 {
        if error.isConnectionError {
            console.error("roster: cannot reach the database: \(error.message)")
            return ExitCode.unavailable.rawValue
        }
        console.error("roster: database error: \(error.debugDescription)")
        return ExitCode.software.rawValue
    }

    /// The command words before the first option, for "see 'roster org create --help'".
    static func commandPath(_ arguments: [String]) -> String {
        let commandWords: Set<String> = [
            "org", "token", "host", "flag", "session", "migrate", "serve", "selftest", "create", "list", "show",
            "set-plan",
            "set-rate-limit",
            "add", "remove", "set", "unset", "revoke",
        ]
        return arguments.prefix { commandWords.contains($0) }.joined(separator: " ")
    }

    static func dispatch(_ arguments: [String], environment: [String: String], console: Console) throws {
        guard let command = arguments.first else {
            console.out(Help.top)
            throw UsageError("missing command")
        }
        let rest = Array(arguments.dropFirst())
        let context = CommandContext(environment: environment, console: console)
        switch command {
        case "--help", "-h", "help":
            console.out(Help.top)
        case "migrate":
            try MigrateCommand.run(rest, context)
        case "serve":
            try ServeCommand.run(rest, context)
        case "org":
            try OrgCommands.run(rest, context)
        case "token":
            try TokenCommands.run(rest, context)
        case "session":
            try SessionCommands.run(rest, context)
        case "selftest":
            try SelftestCommand.run(rest, context)
        default:
            throw UsageError("unknown command '\(command.prefix(40))'")
        }
    }
}

/// What every command gets: the environment and where to write.
struct CommandContext {
    let environment: [String: String]
    let console: Console

    /// Opens the database of `DATABASE_URL`, or the local cluster when it is unset, and runs `body`.
    func withDatabase<T>(_ body: (Connection) throws -> T) throws -> T {
        let database = try Database.open(environment: environment, console: console)
        defer { database.close() }
        return try body(database.connection)
    }

    /// Runs `body` with a control plane on a migrated database.
    func withControlPlane<T>(_ body: (ControlPlane) throws -> T) throws -> T {
        try withDatabase { connection in
            try Migrator(connection: connection).migrate()
            return try body(ControlPlane(connection: connection))
        }
    }
}

/// Standard output and standard error. The CLI prints; library modules never do.
struct Console {
    func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
