/// `okta-sync` and `entra-sync`: an identity provider's provisioning of a new user, five requests, each
/// counted; a failed create starts the next sequence.
///
/// - Okta: lookup by userName (no match), `POST`, `GET` by id, `PUT` of the full user (profile push), and
///   the path-less `PATCH {"active": false}` (unassignment).
/// - Entra: lookup, `POST` with core and enterprise schemas, a `PATCH` in the default dialect (capitalised
///   `Replace` per path, `emails[type eq "work"].value`), a `PATCH` in the `aadOptscim062020` dialect
///   (path-less replace with dotted and URN keys), and the disable
///   `{"op":"Replace","path":"active","value":"False"}`.
public struct SyncScenario: RequestGenerator {
    /// Whose sequence.
    public enum Provider: String, Sendable {
        case okta, entra
    }

    let context: ScenarioContext
    let provider: Provider
    var step = 0
    var sequence = 0
    var org: BenchDataset.Organization?
    var userName = ""
    var id: String?

    /// A generator of `provider`'s sequence.
    public init(context: ScenarioContext, provider: Provider) {
        self.context = context
        self.provider = provider
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
            userName = "\(provider.rawValue)-\(context.runTag)-\(context.connection)-\(sequence)@\(chosen.host)"
            id = nil
        }
        // Safe: set above.
        let org = org!
        let (method, path, body, expected) = request(at: step)
        step = (step + 1) % Self.steps
        return BenchRequest(
            method: method, path: path, host: org.host, token: org.token, body: body, expected: expected)
    }

    /// Takes the new user's id from the create's `Location`.
    public mutating func received(_ response: BenchResponse) {
        if step == 2 { id = response.status == 201 ? response.resourceID : nil }
    }

    private func request(at step: Int) -> (String, String, [UInt8]?, Set<Int>) {
        let users = "\(ScenarioContext.base)/Users"
        let user = "\(users)/\(id ?? "")"
        switch (provider, step) {
        case (.okta, 0):
            return ("GET", ReadScenario.filterPath(userName: userName) + "&startIndex=1&count=100", nil, [200])
        case (.entra, 0): return ("GET", ReadScenario.filterPath(userName: userName), nil, [200])
        case (.okta, 1):
            return ("POST", users, UserBodies.oktaUser(userName: userName, number: sequence, title: "New hire"), [201])
        case (.entra, 1): return ("POST", users, UserBodies.entraUser(userName: userName, number: sequence), [201])
        case (.okta, 2): return ("GET", user, nil, [200])
        case (.entra, 2):
            return ("PATCH", user, UserBodies.entraReplaceEach(userName: userName, sequence: sequence), [200])
        case (.okta, 3):
            return ("PUT", user, UserBodies.oktaUser(userName: userName, number: sequence, title: "Promoted"), [200])
        case (.entra, 3):
            return ("PATCH", user, UserBodies.entraReplaceDotted(userName: userName, sequence: sequence), [200])
        case (.okta, _): return ("PATCH", user, UserBodies.oktaDeactivate(), [200])
        case (.entra, _): return ("PATCH", user, UserBodies.entraDisable(), [200])
        }
    }
}
