import App
import Foundation
import Glibc
import LocalPostgres
import Postgres
import Store

/// `roster serve`: migrate, then serve until SIGTERM/SIGINT.
enum ServeCommand {
    static func run(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.serve) }
        let args = try Arguments(words, options: ["port", "admin-port"], switches: [])
        _ = try args.positionals()
        var environment = context.environment
        if let port = try args.value("port") {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw UsageError("invalid port '\(port.prefix(20))': use 0-65535")
            }
            environment["PORT"] = String(value)
            environment["ROSTER_HTTP_PORT"] = nil
        }
        if let port = try args.value("admin-port") {
            guard let value = Int(port), (0...65535).contains(value) else {
                throw UsageError("invalid admin port '\(port.prefix(20))': use 0-65535")
            }
            environment["ADMIN_PORT"] = String(value)
        }
        let demoMode = (environment["DATABASE_URL"] ?? "").isEmpty
        if demoMode, (environment["ROSTER_PUBLIC_SCHEME"] ?? "").isEmpty {
            environment["ROSTER_PUBLIC_SCHEME"] = "http"
        }
        let configuration: AppConfiguration
        do {
            configuration = try AppConfiguration.fromEnvironment(environment)
        } catch {
            throw ServeError(message: error.description)
        }

        var localCluster: LocalCluster?
        let databaseURL: String
        if demoMode {
            let (cluster, server) = try Database.startLocal(environment: environment)
            localCluster = server.isStartedByThisProcess ? cluster : nil
            try Database.connectLocal(server).close()
            databaseURL = server.connectionString(database: Database.localDatabaseName)
            context.console.out(
                "roster: local PostgreSQL on 127.0.0.1:\(server.port) (\(Database.localFolder(environment)))")
        } else {
            databaseURL = environment["DATABASE_URL"] ?? ""
        }
        defer { try? localCluster?.stop(mode: .fast) }

        // Migrations run on the direct connection when DATABASE_URL is a pooler (long DDL holds no pool slot).
        let connection = try Connection(configuration.directDatabaseURL ?? databaseURL)
        try Migrator(connection: connection).migrate()
        let demoSecret = demoMode ? try DemoOrganization.ensure(ControlPlane(connection: connection)) : nil
        connection.close()

        raiseOpenFileLimit()
        let server = RosterServer(configuration: configuration, databaseURL: databaseURL)
        do {
            try server.start()
        } catch {
            let port = error.detail.hasPrefix("admin listener") ? configuration.admin?.port : configuration.http.port
            throw ServeError(message: "cannot listen on port \(port ?? 0): \(error.description)")
        }
        server.installSignalHandlers()
        context.console.out(
            "roster: serving SCIM 2.0 on http://\(configuration.http.host):\(server.port)\(RosterResponder.basePath)")
        if let admin = configuration.admin, let port = server.adminPort {
            context.console.out(AdminListenerNotice.text(admin, port: port))
        }
        if demoMode {
            context.console.out(DemoOrganization.instructions(port: server.port, secret: demoSecret))
        }
        server.waitUntilStopped()
        context.console.out("roster: stopped")
    }
}

/// Each connection is a file descriptor: raise the soft limit to the hard limit so the server's
/// connection limit, not the default 1,024 descriptors, decides how many clients it holds.
private func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
}

/// What `roster serve` prints about the admin listener at startup.
enum AdminListenerNotice {
    static func text(_ admin: AdminConfiguration, port: Int) -> String {
        let base = "http://\(admin.host.contains(":") ? "[\(admin.host)]" : admin.host):\(port)"
        guard admin.credentials != nil else {
            return """
                roster: admin listener on \(base): metrics only (\(base)/metrics)
                roster: warning: ROSTER_ADMIN_TOKEN is not set, so the admin API and token page answer 403; set it \
                (at least \(AdminConfiguration.minimumTokenLength) characters) to turn them on
                """
        }
        return """
            roster: admin listener on \(base): token page \(base)/admin/, API \(base)\(AdminResponder.apiPath), \
            metrics \(base)/metrics
            """
    }
}

/// `roster serve` could not start (bad configuration, port in use).
struct ServeError: Error {
    let message: String
}

/// The demo organization `roster serve` creates on its first run without configuration.
enum DemoOrganization {
    static let slug = "acme"
    static let host = "acme.localhost"

    /// Creates `acme` (Enterprise, api-beta, host acme.localhost) and a SCIM token on first run; returns
    /// the token's secret then, and nil on later runs (the secret is never shown twice).
    static func ensure(_ plane: ControlPlane) throws -> String? {
        // Safe: literal values that pass validation.
        let slug = try Slug(slug)
        do {
            _ = try plane.organization(slug)
            return nil
        } catch StoreError.notFound {
            _ = try plane.createOrganization(
                slug: slug, name: "Acme (demo)", plan: .enterprise, hosts: [HostName(host)])
            _ = try plane.setFlag(slug, .apiBeta)
            let (_, secret) = try plane.createToken(
                slug, name: "demo", description: "created by roster serve", scopes: [.scim])
            return secret.value
        }
    }

    static func instructions(port: Int, secret: String?) -> String {
        guard let secret else {
            return """
                roster: demo organization '\(slug)' (host \(host)) exists; its token was printed on the first run.
                        New token: roster token create \(slug) --name demo --scope scim
                """
        }
        return """
            roster: created demo organization '\(slug)' (Enterprise, api-beta, host \(host)) and a SCIM token.
                    The token is shown only this once:
            \(secret)

            Try it:
              curl -H 'Host: \(host)' -H 'Authorization: Bearer \(secret)' http://127.0.0.1:\(port)\(RosterResponder.basePath)/Schemas
            """
    }
}
