import HTTP
import Postgres
import SCIM
import Store

extension RosterResponder {
    /// Counts a failed SCIM request of an authenticated client in the organization's `request_errors`
    /// (the "errors by IdP dialect" dashboard). Requests that did not pass authentication (a 401 flood must
    /// not write), rate-limit refusals and 503s (both spare the database) are not counted. Recording is best
    /// effort: it never changes the response.
    func recordFailure(_ request: HTTPRequest, response: HTTPResponse, context: RequestContext, state: WorkerState) {
        guard response.status >= 400, response.status != 429, response.status < 500,
            let tenant = context.tenant, let principal = context.principal
        else { return }
        let body = try? JSONValue.parse(response.body)
        do {
            try RequestErrorLog.record(
                state.database(), schema: tenant.schema, tokenID: principal.tokenID,
                userAgent: request.headers.first("User-Agent"), status: response.status,
                scimType: body?["scimType"]?.stringValue, request: "\(request.method.rawValue) \(request.path)",
                detail: body?["detail"]?.stringValue ?? "")
        } catch {
            logger.error("could not count a failed request", detail: String(reflecting: error))
        }
    }
}
