import Store

/// `roster session create SLUG USERNAME`: a product sign-in session, to observe deactivation.
enum SessionCommands {
    static func run(_ words: [String], _ context: CommandContext) throws {
        guard let sub = words.first, sub != "--help", !words.contains("--help") else {
            return context.console.out(Help.session)
        }
        guard sub == "create" else { throw UsageError("unknown subcommand 'session \(sub.prefix(40))': use create") }
        let args = try Arguments(Array(words.dropFirst()), options: [], switches: ["json"])
        let positionals = try args.positionals("SLUG", "USERNAME")
        let slug = try Slug(positionals[0])
        let secret = try context.withControlPlane { plane in try plane.createSession(slug, userName: positionals[1]) }
        if args.has("json") {
            context.console.out(JSONText.encode(["session": secret.value]))
        } else {
            context.console.out(
                "Session for \(positionals[1]) (shown only this once; send it as Cookie: roster_session=…):\n\(secret.value)"
            )
        }
    }
}
