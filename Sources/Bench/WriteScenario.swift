/// `create-user`, `replace-user` and `patch-user`: one write to a random organization. Creates use unique
/// userNames (run tag, connection, sequence); replaces and patches change attributes on every request, so
/// each one really writes.
public struct WriteScenario: RequestGenerator {
    /// Which write.
    public enum Kind: Sendable {
        /// `POST /Users`.
        case create
        /// `PUT /Users/{id}`.
        case replace
        /// `PATCH /Users/{id}` with a few path operations.
        case patch
    }

    let kind: Kind
    let context: ScenarioContext
    var sequence = 0

    /// A generator of `kind` writes.
    public init(_ kind: Kind, context: ScenarioContext) {
        self.kind = kind
        self.context = context
    }

    /// The next write.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        sequence += 1
        let org = context.organization(&random)
        switch kind {
        case .create:
            let userName = "new-\(context.runTag)-\(context.connection)-\(sequence)@\(org.host)"
            return BenchRequest(
                method: "POST", path: "\(ScenarioContext.base)/Users", host: org.host, token: org.token,
                body: UserBodies.oktaUser(userName: userName, number: sequence, title: "New hire"), expected: [201])
        case .replace:
            let number = context.user(of: org, &random)
            let body = UserBodies.oktaUser(
                userName: BenchDataset.userName(number, host: org.host), number: number,
                title: "Title \(context.connection)-\(sequence)")
            return BenchRequest(
                method: "PUT", path: Self.userPath(org, number), host: org.host, token: org.token, body: body)
        case .patch:
            let number = context.user(of: org, &random)
            return BenchRequest(
                method: "PATCH", path: Self.userPath(org, number), host: org.host, token: org.token,
                body: UserBodies.patchAttributes(sequence: sequence &+ context.connection * 7919))
        }
    }

    /// `/api/scim/v2/Users/{id}` of user `number`.
    static func userPath(_ org: BenchDataset.Organization, _ number: Int) -> String {
        "\(ScenarioContext.base)/Users/\(BenchDataset.userID(organization: org.index, user: number))"
    }
}
