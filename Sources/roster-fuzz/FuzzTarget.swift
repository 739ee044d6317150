/// What the generated requests aim at: the seeded organizations, their tokens and resource ids.
///
/// Request bytes are a function of the seed, the case number and these values; the ids and tokens are
/// made by the server, so a replay in a fresh run sends the same request with that run's ids (same index).
struct FuzzTarget: Sendable {
    /// The host name of the fuzzed organization (Enterprise plan, valid token).
    let host: String
    /// Another Enterprise organization's host and token (cross-tenant combinations must get 401/404).
    let otherHost: String
    let otherToken: String
    /// A Free-plan organization's host (SCIM → 403).
    let freeHost: String
    /// The fuzzed organization's SCIM token.
    let token: String
    /// Users the fuzzer never deletes (kept for PATCH/PUT/GET/filters).
    let userIDs: [String]
    /// Users DELETE may hit.
    let disposableUserIDs: [String]
    /// Groups the fuzzer never deletes.
    let groupIDs: [String]
    /// Groups DELETE may hit.
    let disposableGroupIDs: [String]
    /// A user of the other organization.
    let otherUserID: String

    /// Placeholder values, for printing a case without a server.
    static let offline = FuzzTarget(
        host: "fuzz.example.test", otherHost: "other.example.test",
        otherToken: "roster_" + String(repeating: "o", count: 43), freeHost: "free.example.test",
        token: "roster_" + String(repeating: "t", count: 43),
        userIDs: (0..<24).map { Self.placeholderID($0) }, disposableUserIDs: (24..<40).map { Self.placeholderID($0) },
        groupIDs: (40..<46).map { Self.placeholderID($0) },
        disposableGroupIDs: (46..<50).map { Self.placeholderID($0) },
        otherUserID: placeholderID(99))

    static func placeholderID(_ index: Int) -> String {
        let digits = String(index)
        return "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - digits.count) + digits
    }
}
