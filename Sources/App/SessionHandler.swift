import Foundation
import HTTP
import Postgres
import SCIM
import Store

extension RosterResponder {
    /// `GET /api/session` with `Cookie: roster_session=<secret>`: the signed-in user while the session
    /// lives, 401 once it is gone (deactivation deletes it).
    func session(_ request: HTTPRequest, state: WorkerState, context: inout RequestContext) throws -> HTTPResponse {
        try Self.allow(request, [.get, .head])
        let tenant = try resolveTenant(request, state: state, context: &context)
        let unauthorized = SCIMError(status: 401, scimType: nil, detail: "no live session")
        guard let secret = Self.cookie("roster_session", in: request.headers.values("Cookie")) else {
            throw unauthorized
        }
        guard let user = try SessionLookup.user(forSecret: secret, in: tenant, on: state.database()) else {
            throw unauthorized
        }
        return SCIMResponses.json(["id": .string(user.id.lowercasedString), "userName": .string(user.userName)])
            .withContentType("application/json")
    }

    /// The value of cookie `name` in the `Cookie` header(s).
    static func cookie(_ name: String, in headers: [String]) -> String? {
        for header in headers {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    let value = parts[1].trimmingCharacters(in: .whitespaces)
                    return value.isEmpty || value.count > 200 ? nil : value
                }
            }
        }
        return nil
    }
}
