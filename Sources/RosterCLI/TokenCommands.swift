import Foundation
import Postgres
import Store

/// `roster token …`: parses the words, runs the operation through `Administration` (the implementation the
/// admin API shares), prints the result.
enum TokenCommands {
    static func run(_ words: [String], _ context: CommandContext) throws {
        guard let sub = words.first else {
            context.console.out(Help.token)
            throw UsageError("missing subcommand: create, list or revoke")
        }
        let rest = Array(words.dropFirst())
        switch sub {
        case "--help", "-h": context.console.out(Help.token)
        case "create": try create(rest, context)
        case "list": try list(rest, context)
        case "revoke": try revoke(rest, context)
        default: throw UsageError("unknown subcommand 'token \(sub.prefix(40))'")
        }
    }

    static func create(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.tokenCreate) }
        let args = try Arguments(words, options: ["name", "description", "scope", "expires-in"], switches: ["json"])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let name = try args.required("name")
        let description = try args.value("description") ?? ""
        let scopeNames = args.values("scope")
        guard !scopeNames.isEmpty else { throw UsageError("missing required option '--scope'") }
        var days: Int?
        if let text = try args.value("expires-in") {
            guard let value = Int(text), NewToken.expiryRange.contains(value) else {
                throw UsageError("invalid --expires-in '\(text.prefix(20))': use a number of days from 1 to 3650")
            }
            days = value
        }
        let new = try NewToken(name: name, description: description, scopes: scopeNames, expiresInDays: days)
        let created = try context.withAdministration { admin in try admin.createToken(slug, new) }
        if args.has("json") {
            context.console.out(JSONText.encode(AdministrationJSON.createdToken(created)))
        } else {
            let token = created.token
            context.console.out(
                """
                Created token \(token.id.lowercasedString) '\(token.name)' for \(slug) \
                (scopes: \(token.scopes.joined(separator: ", ")); \
                expires: \(token.expiresAt.map(AdministrationJSON.timestamp) ?? "never")).
                Secret (shown only this once; store it now):
                \(created.secret)
                """)
        }
    }

    static func list(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.tokenList) }
        let args = try Arguments(words, options: [], switches: ["json"])
        let slug = try Slug(try args.positionals("SLUG")[0])
        let tokens = try context.withAdministration { admin in try admin.listTokens(slug) }
        if args.has("json") {
            context.console.out(JSONText.encode(.array(tokens.map(AdministrationJSON.token))))
            return
        }
        let time = AdministrationJSON.timestamp
        var rows = [["ID", "NAME", "SCOPES", "PREFIX", "CREATED", "LAST USED", "EXPIRES", "REVOKED", "DESCRIPTION"]]
        rows += tokens.map { token in
            [
                token.id.lowercasedString, token.name, token.scopes.joined(separator: ","), token.prefix + "…",
                time(token.createdAt), token.lastUsedAt.map(time) ?? "-", token.expiresAt.map(time) ?? "never",
                token.revokedAt.map(time) ?? "-", token.description,
            ]
        }
        context.console.out(Table.render(rows))
    }

    static func revoke(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.tokenRevoke) }
        let args = try Arguments(words, options: [], switches: [])
        let positionals = try args.positionals("SLUG", "TOKEN_ID")
        let slug = try Slug(positionals[0])
        guard let id = UUID(text: positionals[1]) else {
            throw UsageError("invalid TOKEN_ID '\(positionals[1].prefix(40))': use the id shown by 'roster token list'")
        }
        let token = try context.withAdministration { admin in try admin.revokeToken(slug, id: id) }
        context.console.out("Token \(token.id.lowercasedString) '\(token.name)' is revoked.")
    }
}
