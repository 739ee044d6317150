import Foundation

/// The named scenarios of `roster-bench`, in the order `all` runs them.
public enum ScenarioName: String, CaseIterable, Sendable, Codable {
    /// `GET /Users/{id}` of a random user of a random organization.
    case getUser = "get-user"
    /// `GET /Users?filter=userName eq "…"`, the lookup identity providers make before every create.
    case filterUsername = "filter-username"
    /// `GET /Users?startIndex=…&count=100`, a random page (Okta's import).
    case listPage = "list-page"
    /// `POST /Users` of a new, unique user.
    case createUser = "create-user"
    /// `PUT /Users/{id}` with changed attributes.
    case replaceUser = "replace-user"
    /// `PATCH /Users/{id}` replacing a few attributes.
    case patchUser = "patch-user"
    /// `PATCH active=false`, then `active=true` on the same user.
    case deactivate
    /// `PATCH /Groups/{id}` adding one member to a 10-member group (then removing it again).
    case patchGroupAdd = "patch-group-add"
    /// The same on the `--big-group` group.
    case patchGroupAddBig = "patch-group-add-big"
    /// Okta's sequence: lookup → create → GET → PUT → PATCH active=false.
    case oktaSync = "okta-sync"
    /// Entra's sequence: lookup → create → PATCH (both dialects) → PATCH active "False".
    case entraSync = "entra-sync"
    /// Mostly reads and lookups, some writes (weights in `MixScenario.weights`).
    case mix

    /// Parses `NAME[,NAME…]`, `all` or `mix`; duplicates are dropped, order kept.
    public static func parseList(_ text: String) throws(BenchUsageError) -> [ScenarioName] {
        var names: [ScenarioName] = []
        for part in text.split(separator: ",") {
            let word = part.trimmingCharacters(in: .whitespaces).lowercased()
            if word == "all" {
                names += allCases
            } else if let name = ScenarioName(rawValue: word) {
                names.append(name)
            } else {
                throw BenchUsageError(
                    "unknown scenario '\(word.prefix(40))': use all or \(allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
        }
        guard !names.isEmpty else { throw BenchUsageError("--scenario needs at least one name") }
        var seen = Set<ScenarioName>()
        return names.filter { seen.insert($0).inserted }
    }
}
