import HTTP
import Postgres
import SCIM
import Store

/// The one place where errors become responses. Clients get a SCIM error body with a generic detail;
/// the log gets `debugDescription`.
enum ErrorMapping {
    static func response(for error: Error, context: RequestContext, logger: Logger) -> HTTPResponse {
        switch error {
        case StoreError.scim(let scim):
            return SCIMResponses.error(scim)
        case StoreError.database(let postgres):
            return response(for: postgres, context: context, logger: logger)
        case let scim as SCIMError:
            return SCIMResponses.error(scim)
        case let limited as RateLimited:
            var response = SCIMResponses.error(
                SCIMError(
                    status: 429, scimType: nil,
                    detail: "too many requests for this organization; retry after \(limited.retryAfterSeconds) s"))
            response.headers.set("Retry-After", String(max(1, limited.retryAfterSeconds)))
            return response
        case let notAllowed as MethodNotAllowed:
            var response = SCIMResponses.error(
                SCIMError(status: 405, scimType: nil, detail: "this method is not allowed on this path"))
            response.headers.set("Allow", notAllowed.allowed.map(\.rawValue).joined(separator: ", "))
            return response
        case let postgres as PostgresError where postgres.isConnectionError:
            context.metrics?.recordDatabaseError(in: postgres)
            logger.error(
                "database unavailable", detail: postgres.debugDescription, requestID: context.requestID,
                tenant: context.tenant?.slug)
            return SCIMResponses.error(
                SCIMError(status: 503, scimType: nil, detail: "the service is temporarily unavailable; retry shortly"))
        default:
            // StoreError.database arrives here as its PostgresError (above), so each error counts once.
            if error is PostgresError { context.metrics?.recordDatabaseError(in: error) }
            logger.error(
                "request failed", detail: String(reflecting: error), requestID: context.requestID,
                tenant: context.tenant?.slug)
            return SCIMResponses.error(SCIMError(status: 500, scimType: nil, detail: "internal server error"))
        }
    }
}
