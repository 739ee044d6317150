import Foundation
import Store

/// `roster org …`
enum OrgCommands {
    static func run(_ words: [String], _ context: CommandContext) throws {
        guard let sub = words.first else {
            context.console.out(Help.org)
            throw UsageError("missing subcommand: create, list, show, set-plan, host or flag")
        }
        let rest = Array(words.dropFirst())
        switch sub {
        case "--help", "-h": context.console.out(Help.org)
        case "create": try create(rest, context)
        case "list": try list(rest, context)
        case "show": try show(rest, context)
        case "set-plan": try setPlan(rest, context)
        case "set-rate-limit": try setRateLimit(rest, context)
        case "host": try host(rest, context)
        case "flag": try flag(rest, context)
        default: throw UsageError("unknown subcommand 'org \(sub.prefix(40))'")
        }
    }

    static func create(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgCreate) }
        let args = try Arguments(words, options: ["name", "plan", "host"], switches: ["json"])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let name = try args.required("name")
        let plan = try Plan(parsing: try args.required("plan"))
        let hosts = try args.values("host").map { (text: String) throws(StoreError) -> HostName in try HostName(text) }
        let org = try context.withControlPlane { plane in
            try plane.createOrganization(slug: slug, name: name, plan: plan, hosts: hosts)
        }
        if args.has("json") {
            context.console.out(JSONText.encode(OrgCommands.json(org)))
        } else {
            context.console.out("Created organization \(org.slug) (\(org.plan.rawValue)) in schema \(org.schemaName).")
        }
    }

    static func list(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgList) }
        let args = try Arguments(words, options: [], switches: ["json"])
        _ = try args.positionals()
        let orgs = try context.withControlPlane { plane in try plane.listOrganizations() }
        if args.has("json") {
            context.console.out(JSONText.encode(orgs.map(json)))
            return
        }
        var rows = [["SLUG", "PLAN", "NAME", "HOSTS", "FLAGS"]]
        rows += orgs.map { org in
            [org.slug, org.plan.rawValue, org.name, org.hosts.joined(separator: ","), org.flags.joined(separator: ",")]
        }
        context.console.out(Table.render(rows))
    }

    static func show(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgShow) }
        let args = try Arguments(words, options: [], switches: ["json"])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let org = try context.withControlPlane { plane in try plane.organization(slug) }
        if args.has("json") {
            context.console.out(JSONText.encode(json(org)))
        } else {
            context.console.out(describe(org))
        }
    }

    static func setPlan(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgSetPlan) }
        let args = try Arguments(words, options: [], switches: [])
        let positionals = try args.positionals("SLUG", "PLAN")
        let slug = try Slug(positionals[0])
        let plan = try Plan(parsing: positionals[1])
        let org = try context.withControlPlane { plane in try plane.setPlan(slug, plan) }
        context.console.out("Organization \(org.slug) is now on the \(org.plan.rawValue) plan.")
    }

    static func setRateLimit(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgSetRateLimit) }
        let args = try Arguments(words, options: [], switches: [])
        let positionals = try args.positionals("SLUG", "LIMIT")
        let slug = try Slug(positionals[0])
        var limit: Int?
        if positionals[1] != "default" {
            guard let value = Int(positionals[1]), (1...100_000).contains(value) else {
                throw UsageError(
                    "invalid LIMIT '\(positionals[1].prefix(20))': use 1-100000 requests per second or 'default'")
            }
            limit = value
        }
        let org = try context.withControlPlane { plane in try plane.setRateLimit(slug, limit) }
        context.console.out(
            "Organization \(org.slug): SCIM rate limit \(org.rateLimit.map { "\($0) requests/s" } ?? "server default")."
        )
    }

    static func host(_ words: [String], _ context: CommandContext) throws {
        guard let action = words.first, action != "--help", !words.contains("--help") else {
            return context.console.out(Help.orgHost)
        }
        let args = try Arguments(Array(words.dropFirst()), options: [], switches: [])
        let positionals = try args.positionals("SLUG", "HOST")
        let slug = try Slug(positionals[0])
        let host = try HostName(positionals[1])
        switch action {
        case "add":
            _ = try context.withControlPlane { plane in try plane.addHost(slug, host) }
            context.console.out("Host \(host) now serves organization \(slug).")
        case "remove":
            _ = try context.withControlPlane { plane in try plane.removeHost(slug, host) }
            context.console.out("Host \(host) removed from organization \(slug).")
        default:
            throw UsageError("unknown subcommand 'org host \(action.prefix(40))': use add or remove")
        }
    }

    static func flag(_ words: [String], _ context: CommandContext) throws {
        guard let action = words.first, action != "--help", !words.contains("--help") else {
            return context.console.out(Help.orgFlag)
        }
        let args = try Arguments(Array(words.dropFirst()), options: [], switches: ["json"])
        switch action {
        case "set", "unset":
            let positionals = try args.positionals("SLUG", "FLAG")
            let slug = try Slug(positionals[0])
            let flag = try FeatureFlag(parsing: positionals[1])
            _ = try context.withControlPlane { plane in
                action == "set" ? try plane.setFlag(slug, flag) : try plane.unsetFlag(slug, flag)
            }
            context.console.out("Flag \(flag.rawValue) \(action == "set" ? "set" : "unset") for organization \(slug).")
        case "list":
            let slug = try Slug(try args.positionals("SLUG")[0])
            let org = try context.withControlPlane { plane in try plane.organization(slug) }
            if args.has("json") {
                context.console.out(JSONText.encode(org.flags))
            } else if !org.flags.isEmpty {
                context.console.out(org.flags.joined(separator: "\n"))
            }
        default:
            throw UsageError("unknown subcommand 'org flag \(action.prefix(40))': use set, unset or list")
        }
    }

    static func json(_ org: Organization) -> [String: Any] {
        [
            "slug": org.slug, "name": org.name, "plan": org.plan.rawValue, "schema": org.schemaName,
            "hosts": org.hosts, "flags": org.flags, "createdAt": JSONText.timestamp(org.createdAt),
            "rateLimit": org.rateLimit.map { $0 as Any } ?? NSNull(),
        ]
    }

    static func describe(_ org: Organization) -> String {
        """
        slug:     \(org.slug)
        name:     \(org.name)
        plan:     \(org.plan.rawValue)
        schema:   \(org.schemaName)
        hosts:    \(org.hosts.isEmpty ? "-" : org.hosts.joined(separator: ", "))
        flags:    \(org.flags.isEmpty ? "-" : org.flags.joined(separator: ", "))
        rate:     \(org.rateLimit.map { "\($0) SCIM requests/s" } ?? "server default")
        created:  \(JSONText.timestamp(org.createdAt))
        """
    }
}
