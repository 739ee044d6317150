/// `okta-sync`: Okta's provisioning of a new user, as it sends it: lookup by userName (no match), `POST`,
/// `GET` by id, `PUT` of the full user (profile push), and the path-less `PATCH {"active": false}`
/// (unassignment). Each of the five requests counts; a failed create starts the next sequence.
public struct OktaSyncScenario: RequestGenerator {
    let context: ScenarioContext
    var step = 0
    var sequence = 0
    var org: BenchDataset.Organization?
    var userName = ""
    var id: String?

    /// A generator.
    public init(context: ScenarioContext) {
        self.context = context
    }

    /// Requests per sequence.
    public static let steps = 5

    /// Before the lookup of a new user.
    public var isAtBoundary: Bool { step == 0 }

    /// The next request of the sequence.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        if step == 0 || org == nil || (step > 1 && id == nil) {
            step = 0
            sequence += 1
            let chosen = context.organization(&random)
            org = chosen
            userName = "okta-\(context.runTag)-\(context.connection)-\(sequence)@\(chosen.host)"
            id = nil
        }
        // Safe: set above.
        let org = org!
        let userPath = "\(ScenarioContext.base)/Users/\(id ?? "")"
        let request: BenchRequest
        switch step {
        case 0:
            request = BenchRequest(
                method: "GET", path: ReadScenario.filterPath(userName: userName) + "&startIndex=1&count=100",
                host: org.host, token: org.token)
        case 1:
            request = BenchRequest(
                method: "POST", path: "\(ScenarioContext.base)/Users", host: org.host, token: org.token,
                body: UserBodies.oktaUser(userName: userName, number: sequence, title: "New hire"), expected: [201])
        case 2:
            request = BenchRequest(method: "GET", path: userPath, host: org.host, token: org.token)
        case 3:
            request = BenchRequest(
                method: "PUT", path: userPath, host: org.host, token: org.token,
                body: UserBodies.oktaUser(userName: userName, number: sequence, title: "Promoted"))
        default:
            request = BenchRequest(
                method: "PATCH", path: userPath, host: org.host, token: org.token, body: UserBodies.oktaDeactivate())
        }
        step = (step + 1) % Self.steps
        return request
    }

    /// Takes the new user's id from the create's `Location`.
    public mutating func received(_ response: BenchResponse) {
        if step == 2 { id = response.status == 201 ? response.resourceID : nil }
    }
}
