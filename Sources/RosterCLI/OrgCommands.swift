import Foundation
import Postgres
import SCIM
import Store

/// `roster org …`: parses the words, runs the operation through `Administration` (the implementation the
/// admin API shares), prints the result.
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
        case "log": try log(rest, context)
        default: throw UsageError("unknown subcommand 'org \(sub.prefix(40))'")
        }
    }

    static func create(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgCreate) }
        let args = try Arguments(words, options: ["name", "plan", "host"], switches: ["json"])
        let slug = try args.positionals("SLUG")[0]
        let name = try args.required("name")
        let plan = try args.required("plan")
        let new = try NewOrganization(slug: slug, name: name, plan: plan, hosts: args.values("host"))
        let org = try context.withAdministration { admin in try admin.createOrganization(new) }
        if args.has("json") {
            context.console.out(JSONText.encode(AdministrationJSON.organization(org)))
        } else {
            context.console.out("Created organization \(org.slug) (\(org.plan.rawValue)) in schema \(org.schemaName).")
        }
    }

    static func list(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgList) }
        let args = try Arguments(words, options: [], switches: ["json"])
        _ = try args.positionals()
        let orgs = try context.withAdministration { admin in try admin.listOrganizations() }
        if args.has("json") {
            context.console.out(JSONText.encode(.array(orgs.map(AdministrationJSON.organization))))
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
        let org = try context.withAdministration { admin in try admin.organization(slug) }
        if args.has("json") {
            context.console.out(JSONText.encode(AdministrationJSON.organization(org)))
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
        let org = try context.withAdministration { admin in try admin.setPlan(slug, plan) }
        context.console.out("Organization \(org.slug) is now on the \(org.plan.rawValue) plan.")
    }

    static func setRateLimit(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgSetRateLimit) }
        let args = try Arguments(words, options: [], switches: [])
        let positionals = try args.positionals("SLUG", "LIMIT")
        let slug = try Slug(positionals[0])
        let limit = try Administration.parseRateLimit(positionals[1])
        let org = try context.withAdministration { admin in try admin.setRateLimit(slug, limit) }
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
            _ = try context.withAdministration { admin in try admin.addHost(slug, host) }
            context.console.out("Host \(host) now serves organization \(slug).")
        case "remove":
            _ = try context.withAdministration { admin in try admin.removeHost(slug, host) }
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
            _ = try context.withAdministration { admin in
                action == "set" ? try admin.setFlag(slug, flag) : try admin.unsetFlag(slug, flag)
            }
            context.console.out("Flag \(flag.rawValue) \(action == "set" ? "set" : "unset") for organization \(slug).")
        case "list":
            let slug = try Slug(try args.positionals("SLUG")[0])
            let flags = try context.withAdministration { admin in try admin.flags(slug) }
            if args.has("json") {
                context.console.out(JSONText.encode(.array(flags.map(JSONValue.string))))
            } else if !flags.isEmpty {
                context.console.out(flags.joined(separator: "\n"))
            }
        default:
            throw UsageError("unknown subcommand 'org flag \(action.prefix(40))': use set, unset or list")
        }
    }

    /// `roster org log SLUG [--count N] [--before ID] [--json]`: the provisioning log, newest first, one page.
    static func log(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.orgLog) }
        let args = try Arguments(words, options: ["count", "before"], switches: ["json"])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let page = try LogPageRequest(before: try args.value("before"), count: try args.value("count"))
        let result = try context.withAdministration { admin in try admin.provisioningLog(slug, page) }
        if args.has("json") {
            let entries = JSONValue.array(result.entries.map(AdministrationJSON.logEntry))
            let next: JSONValue = result.nextBefore.map { .number(JSONNumber($0)) } ?? .null
            let object: JSONValue = ["entries": entries, "nextBefore": next]
            context.console.out(JSONText.encode(object))
            return
        }
        var rows = [["ID", "AT", "TYPE", "RESOURCE", "OPERATION", "CHANGED", "IDP"]]
        rows += result.entries.map { entry in
            [
                String(entry.id), AdministrationJSON.timestamp(entry.at), entry.resourceType,
                entry.resourceID?.lowercasedString ?? "-", entry.operation,
                entry.changedAttributes.joined(separator: ","), entry.idp ?? "-",
            ]
        }
        context.console.out(Table.render(rows))
        if let next = result.nextBefore {
            context.console.out("More: roster org log \(slug) --count \(page.count) --before \(next)")
        }
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
        created:  \(AdministrationJSON.timestamp(org.createdAt))
        """
    }
}

extension CommandContext {
    /// Runs `body` with the administrative operations on a migrated database.
    func withAdministration<T>(_ body: (Administration) throws -> T) throws -> T {
        try withControlPlane { plane in try body(Administration(plane: plane)) }
    }
}

extension JSONText {
    /// `--json` text of a shared administrative result: the same keys the admin API sends, printed as
    /// before (sorted keys, indented) by going through Foundation's serializer.
    static func encode(_ value: JSONValue) -> String {
        let bytes = Data(value.serialized())
        guard let object = try? JSONSerialization.jsonObject(with: bytes, options: [.fragmentsAllowed]) else {
            return "null"
        }
        return encode(object as Any)
    }
}
