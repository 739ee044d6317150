import Foundation
import Postgres

/// Counts failed SCIM requests in the organization's `request_errors` table (one row per UTC day, token, IdP
/// dialect, status and scimType), for the operations dashboards. See `sql/tenant_002_request_errors.sql`.
public enum RequestErrorLog {
    /// The token id recorded for the legacy `SCIM_AUTH_TOKEN` (the column is part of the key, so not NULL).
    public static let legacyTokenID = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))

    /// Counts one failed request; rows older than 90 days go in the same statement. Outside any transaction
    /// of the request (which has rolled back by now).
    public static func record(
        _ connection: Connection, schema: SQLIdentifier, tokenID: UUID?, userAgent: String?, status: Int,
        scimType: String?, request: String, detail: String
    ) throws(PostgresError) {
        let agent = userAgent.map { String($0.prefix(200)) }
        try connection.execute(
            """
            WITH pruned AS (
                DELETE FROM \(ident: schema).request_errors
                WHERE day < (now() AT TIME ZONE 'UTC')::date - 90
            )
            INSERT INTO \(ident: schema).request_errors AS e
                (day, token_id, idp, status, scim_type, last_request, last_detail)
            VALUES ((now() AT TIME ZONE 'UTC')::date, \(tokenID ?? legacyTokenID), roster.idp_dialect(\(agent)),
                    \(status), \(scimType ?? ""), \(String(request.prefix(200))), \(String(detail.prefix(200))))
            ON CONFLICT (day, token_id, idp, status, scim_type) DO UPDATE SET
                errors = e.errors + 1, last_at = now(), last_request = EXCLUDED.last_request,
                last_detail = EXCLUDED.last_detail
            """)
    }
}
