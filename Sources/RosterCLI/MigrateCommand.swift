import Store

/// `roster migrate`
enum MigrateCommand {
    static func run(_ words: [String], _ context: CommandContext) throws {
        if words.contains("--help") { return context.console.out(Help.migrate) }
        let args = try Arguments(words, options: [], switches: [])
        _ = try args.positionals()
        let report = try context.withDatabase { connection in try Migrator(connection: connection).migrate() }
        let control =
            report.controlApplied.isEmpty
            ? "control plane already at version \(Migrations.controlVersion)"
            : "control plane migrated to version \(Migrations.controlVersion)"
        context.console.out(
            "\(control); \(report.organizationsMigrated) organization schema(s) migrated to version \(Migrations.tenantVersion)."
        )
    }
}
