/// The requests of one scenario on one connection: a state machine fed with each response, so multi-step
/// scenarios (Okta's and Entra's sequences, deactivate-then-reactivate, add-then-remove) follow on from it.
public protocol RequestGenerator {
    /// The next request.
    mutating func next(_ random: inout BenchRandom) -> BenchRequest
    /// The response to the request `next` returned last.
    mutating func received(_ response: BenchResponse)
    /// Whether a sequence is complete (the mix switches scenario only there).
    var isAtBoundary: Bool { get }
    /// Whether the generator needs response bodies (otherwise the client discards them).
    var keepsBodies: Bool { get }
}

extension RequestGenerator {
    /// Most generators are single requests: always at a boundary.
    public var isAtBoundary: Bool { true }
    /// Most generators need no bodies.
    public var keepsBodies: Bool { false }
    /// Most generators ignore responses.
    public mutating func received(_ response: BenchResponse) {}
}

/// Where a generator's requests go.
public struct ScenarioContext: Sendable {
    /// The dataset.
    public let dataset: BenchDataset
    /// This connection's index (0-based).
    public let connection: Int
    /// All connections (user ranges are split between them so concurrent pairs never touch the same user).
    public let connections: Int
    /// A tag unique to this run, in the userNames of created users.
    public let runTag: String

    /// A context.
    public init(dataset: BenchDataset, connection: Int, connections: Int, runTag: String) {
        self.dataset = dataset
        self.connection = connection
        self.connections = connections
        self.runTag = runTag
    }

    /// The SCIM base path.
    public static let base = "/api/scim/v2"

    /// A random organization of the pool.
    public func organization(_ random: inout BenchRandom) -> BenchDataset.Organization {
        dataset.organizations[random.int(0...(dataset.organizations.count - 1))]
    }

    /// A random user number of `organization`.
    public func user(of organization: BenchDataset.Organization, _ random: inout BenchRandom) -> Int {
        random.int(1...organization.users)
    }

    /// A user number in `first…last` that belongs to this connection's share (`n ≡ connection mod connections`).
    public func ownUser(from first: Int, to last: Int, _ random: inout BenchRandom) -> Int {
        let slots = Swift.max(1, (last - first + 1 - connection) / connections)
        return first + connection % Swift.max(1, last - first + 1) + connections * random.int(0...(slots - 1))
    }
}
