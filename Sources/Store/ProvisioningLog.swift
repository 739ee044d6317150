import Foundation
import Postgres
import SCIM

/// Who made a write and how it was rewritten: the provisioning-log row written in the same transaction.
public struct WriteContext: Sendable {
    /// The API token's id (nil for the legacy `SCIM_AUTH_TOKEN`).
    public var tokenID: UUID?
    /// The client's `User-Agent` (Okta, Entra, …), truncated.
    public var userAgent: String?
    /// IdP-dialect normalisations applied to the request.
    public var rewrites: [String]
    /// The `If-Match` version the client sent, if any.
    public var ifMatch: Int64?
    /// Told about committed writes and retried transactions (metrics); nil: nobody listens.
    public var observer: (any StoreObserver)?

    /// A context.
    public init(
        tokenID: UUID?, userAgent: String?, rewrites: [String] = [], ifMatch: Int64? = nil,
        observer: (any StoreObserver)? = nil
    ) {
        self.tokenID = tokenID
        self.userAgent = userAgent.map { String($0.prefix(200)) }
        self.rewrites = rewrites
        self.ifMatch = ifMatch
        self.observer = observer
    }
}

/// Appends rows to a tenant's `provisioning_log`. Never passwords or tokens.
enum ProvisioningLog {
    static func append(
        _ connection: Connection, schema: SQLIdentifier, context: WriteContext, resourceType: String,
        resourceID: UUID, operation: String, changed: [String], details: JSONValue? = nil
    ) throws(PostgresError) {
        let detailsText = details.map { String(decoding: $0.serialized(), as: UTF8.self) }
        try connection.execute(
            """
            INSERT INTO \(ident: schema).provisioning_log
                (token_id, resource_type, resource_id, operation, changed_attributes, rewrites, idp, details)
            VALUES (\(context.tokenID), \(resourceType), \(resourceID), \(operation), \(changed),
                    \(context.rewrites), \(context.userAgent), \(detailsText)::jsonb)
            """)
        if let observer = context.observer {
            // Counted once the row is committed: a rolled-back or retried attempt never counts.
            connection.afterCommit { observer.committed(resourceType: resourceType, operation: operation) }
        }
    }
}
