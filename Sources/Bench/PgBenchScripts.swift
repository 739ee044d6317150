/// The pgbench equivalent of each scenario: the statements Roster runs for it (as read from
/// `Sources/Store/UserRepository.swift` and `GroupRepository*.swift`, and checked against
/// `pg_stat_statements`: the JSON report lists Roster's statements next to these), with the same
/// transactions, row locks, provisioning-log rows and re-reads, on the same seeded schemas.
///
/// pgbench cannot put a table name in a variable, so there is one script per organization (at most
/// `maxOrganizations` of them, spread over the pool); each picks random users as the load generator does.
/// Ids are computed in SQL from a random number (`'kkkkkkkk-0000-4000-8000-' || lpad(:u::text, 12, '0')`),
/// the deterministic ids of `BenchDataset`.
public enum PgBenchScripts {
    /// pgbench accepts at most 128 scripts; the mix needs 8 per organization.
    static let maxScripts = 128

    /// The scripts of `scenario`, or nil when it has no equivalent.
    public static func scripts(for scenario: ScenarioName, dataset: BenchDataset) -> [PgBenchScript]? {
        switch scenario {
        case .patchGroupAdd, .patchGroupAddBig:
            guard let org = dataset.groupOrganization else { return nil }
            let group = scenario == .patchGroupAddBig ? BenchDataset.bigGroupNumber : BenchDataset.smallGroupNumber
            let loadsMembers = group == BenchDataset.smallGroupNumber || dataset.bigGroup <= 10_000
            return [
                groupAddPair(org, group: group, from: dataset.bigGroup + 1, to: org.users, loadsMembers: loadsMembers)
            ]
        case .mix:
            let orgs = spread(dataset.organizations, count: maxScripts / MixScenario.weights.count)
            return orgs.flatMap { org in
                MixScenario.weights.compactMap { entry -> PgBenchScript? in
                    var script: PgBenchScript?
                    if entry.name == .patchGroupAdd {
                        script = groupAddPair(
                            org, group: BenchDataset.smallGroupNumber, from: BenchDataset.smallGroupSize + 1,
                            to: org.users, loadsMembers: true)
                    } else {
                        script = single(entry.name, org)
                    }
                    script?.weight = entry.weight
                    return script
                }
            }
        default:
            return spread(dataset.organizations, count: maxScripts).compactMap { single(scenario, $0) }
        }
    }

    /// Up to `count` organizations spread evenly over `pool`.
    static func spread(_ pool: [BenchDataset.Organization], count: Int) -> [BenchDataset.Organization] {
        guard pool.count > count else { return pool }
        return (0..<count).map { pool[$0 * pool.count / count] }
    }

    /// The script of a scenario on one organization.
    static func single(_ scenario: ScenarioName, _ org: BenchDataset.Organization) -> PgBenchScript? {
        let sql = PgBenchSQL(org)
        let user = "\\set u random(1, \(org.users))\n"
        switch scenario {
        case .getUser:
            return PgBenchScript(text: user + sql.fetch(sql.userID(":u")) + ";\n")
        case .filterUsername:
            return PgBenchScript(text: user + sql.filterByUserName(":u") + ";\n")
        case .listPage:
            return PgBenchScript(
                text: "\\set start random(0, \(max(0, org.users - ReadScenario.pageSize)))\n" + sql.page(":start")
                    + ";\n")
        case .createUser:
            return PgBenchScript(
                text: "\\set n random(1, 1000000000000)\nBEGIN;\n" + sql.insertUser(":n") + " \\gset\n"
                    + sql.log("'User'", ":new_id::uuid", "'create'") + ";\n" + sql.fetch(":new_id::uuid")
                    + ";\nCOMMIT;\n")
        case .replaceUser, .patchUser:
            return PgBenchScript(text: user + sql.update(sql.userID(":u"), active: "true", operation: "'patch'"))
        case .deactivate:
            // Deactivation (row lock, admin-group lock and last-admin check, sessions) and reactivation.
            let id = sql.userID(":u")
            let deactivate = sql.update(id, active: "false", operation: "'deactivate'", guardsAdmin: true)
            return PgBenchScript(
                text: user + deactivate + sql.update(id, active: "true", operation: "'reactivate'"), requests: 2)
        case .oktaSync, .entraSync:
            return PgBenchScript(text: sql.syncSequence(okta: scenario == .oktaSync), requests: 5)
        case .patchGroupAdd, .patchGroupAddBig, .mix:
            return nil
        }
    }

    /// Adding one member to group `group` and removing it again (two PATCHes).
    static func groupAddPair(
        _ org: BenchDataset.Organization, group: Int, from: Int, to: Int, loadsMembers: Bool
    ) -> PgBenchScript {
        let sql = PgBenchSQL(org)
        let groupID = "'\(BenchDataset.groupID(organization: org.index, group: group))'::uuid"
        let text =
            "\\set u random(\(from), \(max(from, to)))\n"
            + sql.groupPatch(groupID, member: sql.userID(":u"), add: true, loadsMembers: loadsMembers)
            + sql.groupPatch(groupID, member: sql.userID(":u"), add: false, loadsMembers: loadsMembers)
        return PgBenchScript(text: text, requests: 2)
    }
}
