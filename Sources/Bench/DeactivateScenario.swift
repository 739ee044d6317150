/// `deactivate`: `PATCH active=false` on a random user, then `active=true` on the same user (so the
/// organization keeps its active users; both requests count).
public struct DeactivateScenario: RequestGenerator {
    let context: ScenarioContext
    /// The user deactivated last, to reactivate next.
    var pending: (org: BenchDataset.Organization, number: Int)?

    /// A generator.
    public init(context: ScenarioContext) {
        self.context = context
    }

    /// Between a reactivation and the next deactivation.
    public var isAtBoundary: Bool { pending == nil }

    /// The next deactivation or reactivation.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        if let (org, number) = pending {
            pending = nil
            return BenchRequest(
                method: "PATCH", path: WriteScenario.userPath(org, number), host: org.host, token: org.token,
                body: UserBodies.patchActive(true))
        }
        let org = context.organization(&random)
        let number = context.user(of: org, &random)
        pending = (org, number)
        return BenchRequest(
            method: "PATCH", path: WriteScenario.userPath(org, number), host: org.host, token: org.token,
            body: UserBodies.patchActive(false))
    }
}
