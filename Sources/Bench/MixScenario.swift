/// `mix`: a weighted mix of the single scenarios on random organizations of the pool, mostly reads and
/// lookups, some writes. Weights are per request started (a deactivate or group-add pair counts once and
/// then runs both its requests).
public struct MixScenario: RequestGenerator {
    /// Weights in percent, summing to 100.
    public static let weights: [(name: ScenarioName, weight: Int)] = [
        (.getUser, 40), (.filterUsername, 28), (.listPage, 2), (.patchUser, 10), (.createUser, 5),
        (.replaceUser, 5), (.deactivate, 5), (.patchGroupAdd, 5),
    ]

    var generators: [any RequestGenerator]
    var current = 0

    /// A mix for one connection.
    public init(context: ScenarioContext) {
        generators = Self.weights.map { entry in
            entry.name == .patchGroupAdd
                ? GroupAddScenario(.pool, context: context)
                : ScenarioFactory.single(entry.name, context: context)
        }
    }

    /// When the scenario in progress is at a boundary.
    public var isAtBoundary: Bool { generators[current].isAtBoundary }

    /// The next request: continues a pair in progress, or picks a scenario by weight.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        if generators[current].isAtBoundary {
            var roll = random.int(0...99)
            for (index, entry) in Self.weights.enumerated() {
                if roll < entry.weight {
                    current = index
                    break
                }
                roll -= entry.weight
            }
        }
        return generators[current].next(&random)
    }

    /// Hands the response to the scenario that sent the request.
    public mutating func received(_ response: BenchResponse) {
        generators[current].received(response)
    }

    /// A human-readable description of the weights.
    public static var description: String {
        weights.map { "\($0.name.rawValue) \($0.weight)%" }.joined(separator: ", ")
    }
}
