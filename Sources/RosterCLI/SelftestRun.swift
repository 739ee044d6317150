import Foundation

/// One run of `roster selftest`: the Okta-style and Entra-style provisioning sequences against the
/// organization's SCIM endpoint, each step checked and reported, and every user and group made remembered
/// for the cleanup. A step whose prerequisite failed is reported as skipped, not run.
final class SelftestRun {
    /// A step's outcome.
    struct Outcome {
        let sequence: String
        let name: String
        let passed: Bool
        let detail: String
    }

    let client: SelftestClient
    let token: String
    let marker: String
    private(set) var outcomes: [Outcome] = []
    /// Ids of the users and groups made (and not yet deleted through SCIM).
    private(set) var users: [String] = []
    private(set) var groups: [String] = []
    private let report: (String) -> Void
    private var sequence = ""
    private var userAgent = ""

    static let patch = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"#

    init(client: SelftestClient, token: String, marker: String, report: @escaping (String) -> Void) {
        self.client = client
        self.token = token
        self.marker = marker
        self.report = report
    }

    var failed: Int { outcomes.filter { !$0.passed }.count }

    /// Sends a request, checks its status and `check`, reports the step; returns the response when it passed.
    @discardableResult
    func step(
        _ name: String, _ method: String, _ path: String, _ body: String? = nil, expect: Set<Int>,
        check: (SelftestClient.Response) -> String? = { _ in nil }
    ) throws(SelftestClient.Unreachable) -> SelftestClient.Response? {
        let response = try client.send(method, "/api/scim/v2" + path, body: body, token: token, userAgent: userAgent)
        var problem: String?
        if !expect.contains(response.status) {
            let object = response.object
            let error = [object["scimType"] as? String, object["detail"] as? String].compactMap { $0 }
            problem =
                "expected \(expect.sorted().map(String.init).joined(separator: " or ")), got \(response.status)"
                + (error.isEmpty ? "" : ": " + error.joined(separator: ": "))
        } else {
            problem = check(response)
        }
        record(name, passed: problem == nil, detail: problem ?? "\(method) \(path.prefix(60)) → \(response.status)")
        return problem == nil ? response : nil
    }

    func skip(_ name: String) {
        record(name, passed: false, detail: "skipped: an earlier step failed")
    }

    private func record(_ name: String, passed: Bool, detail: String) {
        let outcome = Outcome(sequence: sequence, name: name, passed: passed, detail: detail)
        outcomes.append(outcome)
        let label = "\(sequence) \(outcomes.count)".padding(toLength: 9, withPad: " ", startingAt: 0)
        report("  \(passed ? "PASS" : "FAIL")  \(label) \(name)\(passed ? "" : " — \(detail)")")
    }

    func created(user id: String) { users.append(id) }
    func created(group id: String) { groups.append(id) }
    func deleted(user id: String) { users.removeAll { $0 == id } }
    func deleted(group id: String) { groups.removeAll { $0 == id } }

    func begin(_ sequence: String, userAgent: String) {
        self.sequence = sequence
        self.userAgent = userAgent
    }

    static func filter(_ expression: String) -> String {
        expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
    }

    static func total(_ expected: Int) -> (SelftestClient.Response) -> String? {
        { response in
            let found = response.object["totalResults"] as? Int
            return found == expected
                ? nil : "expected totalResults \(expected), got \(found.map(String.init) ?? "none")"
        }
    }

    static func members(_ response: SelftestClient.Response) -> [String] {
        (response.object["members"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
    }
}
