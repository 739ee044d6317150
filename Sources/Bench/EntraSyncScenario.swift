/// `entra-sync`: Microsoft Entra ID's provisioning of a new user: lookup by userName (no match), `POST`
/// with core and enterprise schemas, a `PATCH` in the default dialect (capitalised `Replace` per path,
/// `emails[type eq "work"].value`), a `PATCH` in the `aadOptscim062020` dialect (path-less replace with
/// dotted and URN keys), and the disable `{"op":"Replace","path":"active","value":"False"}`.
public struct EntraSyncScenario: RequestGenerator {
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
            userName = "entra-\(context.runTag)-\(context.connection)-\(sequence)@\(chosen.host)"
            id = nil
        }
        // Safe: set above.
        let org = org!
        let userPath = "\(ScenarioContext.base)/Users/\(id ?? "")"
        let request: BenchRequest
        switch step {
        case 0:
            request = BenchRequest(
                method: "GET", path: ReadScenario.filterPath(userName: userName), host: org.host, token: org.token)
        case 1:
            request = BenchRequest(
                method: "POST", path: "\(ScenarioContext.base)/Users", host: org.host, token: org.token,
                body: UserBodies.entraUser(userName: userName, number: sequence), expected: [201])
        case 2:
            request = BenchRequest(
                method: "PATCH", path: userPath, host: org.host, token: org.token,
                body: UserBodies.entraReplaceEach(userName: userName, sequence: sequence))
        case 3:
            request = BenchRequest(
                method: "PATCH", path: userPath, host: org.host, token: org.token,
                body: UserBodies.entraReplaceDotted(userName: userName, sequence: sequence))
        default:
            request = BenchRequest(
                method: "PATCH", path: userPath, host: org.host, token: org.token, body: UserBodies.entraDisable())
        }
        step = (step + 1) % Self.steps
        return request
    }

    /// Takes the new user's id from the create's `Location`.
    public mutating func received(_ response: BenchResponse) {
        if step == 2 { id = response.status == 201 ? response.resourceID : nil }
    }
}
