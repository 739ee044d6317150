import Foundation

/// `get-user`, `filter-username` and `list-page`: one read of a random user (or page) of a random organization.
public struct ReadScenario: RequestGenerator {
    /// Which read.
    public enum Kind: Sendable {
        /// `GET /Users/{id}`.
        case getUser
        /// `GET /Users?filter=userName eq "…"`.
        case filterUsername
        /// `GET /Users?startIndex=…&count=100`.
        case listPage
    }

    /// Users per page of `list-page`.
    public static let pageSize = 100

    let kind: Kind
    let context: ScenarioContext

    /// A generator of `kind` reads.
    public init(_ kind: Kind, context: ScenarioContext) {
        self.kind = kind
        self.context = context
    }

    /// The next read.
    public mutating func next(_ random: inout BenchRandom) -> BenchRequest {
        let org = context.organization(&random)
        let path: String
        switch kind {
        case .getUser:
            let number = context.user(of: org, &random)
            path = "\(ScenarioContext.base)/Users/\(BenchDataset.userID(organization: org.index, user: number))"
        case .filterUsername:
            let number = context.user(of: org, &random)
            path = Self.filterPath(userName: BenchDataset.userName(number, host: org.host))
        case .listPage:
            let start = random.int(1...Swift.max(1, org.users - Self.pageSize + 1))
            path = "\(ScenarioContext.base)/Users?startIndex=\(start)&count=\(Self.pageSize)"
        }
        return BenchRequest(method: "GET", path: path, host: org.host, token: org.token)
    }

    /// `GET /Users?filter=userName eq "<userName>"`, percent-encoded as identity providers send it.
    public static func filterPath(userName: String) -> String {
        let encoded = userName.replacingOccurrences(of: "@", with: "%40")
        return "\(ScenarioContext.base)/Users?filter=userName%20eq%20%22\(encoded)%22"
    }
}
