import HTTP
import Postgres
import SCIM
import Store

/// An admin-listener refusal: a status, a stable code and a sentence for the operator.
struct AdminError: Error {
    let status: Int
    let code: String
    let detail: String
    var allow: [HTTPMethod] = []

    static func invalid(_ detail: String) -> AdminError { AdminError(status: 400, code: "invalid", detail: detail) }

    static let unauthorized = AdminError(
        status: 401, code: "unauthorized",
        detail: "admin token required: send 'Authorization: Bearer <ROSTER_ADMIN_TOKEN>'")

    static let disabled = AdminError(
        status: 403, code: "admin_disabled",
        detail:
            "the admin API is off because ROSTER_ADMIN_TOKEN is not set; set it (at least \(AdminConfiguration.minimumTokenLength) characters) and restart. Only GET /metrics is served."
    )

    static let notFound = AdminError(status: 404, code: "not_found", detail: "no such admin resource")

    static func methodNotAllowed(_ allowed: [HTTPMethod]) -> AdminError {
        AdminError(status: 405, code: "method_not_allowed", detail: "this method is not allowed here", allow: allowed)
    }

    /// The admin error for any error a handler threw; database failures are logged, not shown.
    static func from(_ error: Error, log: (String, String) -> Void) -> AdminError {
        switch error {
        case let admin as AdminError:
            return admin
        case StoreError.invalid(let detail):
            return .invalid(detail)
        case StoreError.notFound(let detail):
            return AdminError(status: 404, code: "not_found", detail: detail)
        case StoreError.conflict(let detail):
            return AdminError(status: 409, code: "conflict", detail: detail)
        case StoreError.refused(let detail):
            return AdminError(status: 409, code: "refused", detail: detail)
        case StoreError.scim(let scim):
            return AdminError(status: scim.status, code: "refused", detail: scim.detail)
        case StoreError.database(let postgres) where postgres.isConnectionError:
            log("database unavailable", postgres.debugDescription)
            return unavailable
        case let postgres as PostgresError where postgres.isConnectionError:
            log("database unavailable", postgres.debugDescription)
            return unavailable
        default:
            log("admin request failed", String(reflecting: error))
            return AdminError(status: 500, code: "internal", detail: "internal server error")
        }
    }

    static let unavailable = AdminError(
        status: 503, code: "unavailable", detail: "the database is unavailable; retry shortly")

    /// `{"error": code, "status": status, "detail": detail}` as `application/json`.
    var response: HTTPResponse {
        let body: JSONValue = [
            "error": .string(code), "status": .number(JSONNumber(status)), "detail": .string(detail),
        ]
        var response = AdminResponses.json(body, status: status)
        if status == 401 { response.headers.set("WWW-Authenticate", "Bearer realm=\"roster-admin\"") }
        if status == 503 { response.headers.set("Retry-After", "1") }
        if !allow.isEmpty { response.headers.set("Allow", allow.map(\.rawValue).joined(separator: ", ")) }
        return response
    }
}
