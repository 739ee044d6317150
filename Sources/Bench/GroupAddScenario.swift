/// `patch-group-add`: `PATCH /Groups/{id}` adding one member, then removing it again with Okta's
/// `members[value eq "…"]`, so the group keeps its size (both requests count). The added users are never
/// members and belong to this connection's share, so concurrent connections never touch the same user.
public struct GroupAddScenario: RequestGenerator {
    /// Which group.
    public enum Target: Sendable {
        /// The 10-member group of the group organization.
        case small
        /// The big group of the group organization.
        case big
        /// The 10-member group of a random organization of the pool (the mix).
        case pool
    }

    let target: Target
    let context: ScenarioContext
    /// The member added last, to remove next.
    var pending: (org: BenchDataset.Organization, group: String, user: String)?

    /// A generator for `target`; `.small` and `.big` need the group organization in the dataset.
    public init(_ target: Target, context: ScenarioContext) {
        self.target = target
        self.context = context
    }

    /// Between a removal and the next add.
    public var isAtBoundary: Bool { pending == nil }

    /// The next add or remove.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        if let (org, group, user) = pending {
            pending = nil
            return BenchRequest(
                method: "PATCH", path: "\(ScenarioContext.base)/Groups/\(group)", host: org.host, token: org.token,
                body: UserBodies.removeMember(user))
        }
        let org: BenchDataset.Organization
        let groupNumber: Int
        let number: Int
        switch target {
        case .pool:
            org = context.organization(&random)
            groupNumber = BenchDataset.smallGroupNumber
            number = context.ownUser(from: BenchDataset.smallGroupSize + 1, to: org.users, &random)
        case .small, .big:
            // Safe: the runner seeds the group organization whenever these scenarios run.
            org = context.dataset.groupOrganization!
            groupNumber = target == .big ? BenchDataset.bigGroupNumber : BenchDataset.smallGroupNumber
            number = context.ownUser(from: context.dataset.bigGroup + 1, to: org.users, &random)
        }
        let group = BenchDataset.groupID(organization: org.index, group: groupNumber)
        let user = BenchDataset.userID(organization: org.index, user: number)
        pending = (org, group, user)
        return BenchRequest(
            method: "PATCH", path: "\(ScenarioContext.base)/Groups/\(group)", host: org.host, token: org.token,
            body: UserBodies.addMember(user))
    }
}
