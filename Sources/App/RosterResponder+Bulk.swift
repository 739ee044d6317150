import HTTP
import SCIM
import Store

extension RosterResponder {
    /// `POST /Bulk`: each operation goes to the Users or Groups handler with the same tenant and principal.
    func bulk(
        _ request: HTTPRequest, context: RequestContext, principal: Principal, tenant: Tenant, state: WorkerState
    ) throws -> HTTPResponse {
        let handler = BulkHandler(
            request: request, context: context, maxOperations: configuration.bulkMaxOperations,
            maxPayloadSize: configuration.effectiveBulkMaxPayloadSize, logger: logger
        ) { target, operation in
            switch target.resource {
            case .users:
                return try UsersHandler(
                    request: operation, context: context, principal: principal, tenant: tenant,
                    connection: try state.database(), maxResults: configuration.maxResults
                ).handle(target.idSegments)
            case .groups:
                return try GroupsHandler(
                    request: operation, context: context, principal: principal, tenant: tenant,
                    connection: try state.database(), maxResults: configuration.maxResults
                ).handle(target.idSegments)
            }
        }
        return try handler.handle()
    }
}
