import Postgres
import SCIM

/// The one error type of the `Store` module.
///
/// `description` is safe to show a user of the CLI or a client; `debugDescription` adds the database detail.
public enum StoreError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The input is not valid (a bad slug, plan, host, flag or scope).
    case invalid(String)
    /// The named thing does not exist.
    case notFound(String)
    /// The change conflicts with existing data (a duplicate slug or host).
    case conflict(String)
    /// The change is not allowed for this organization (plan or beta gate).
    case refused(String)
    /// The database failed.
    case database(PostgresError)
    /// A SCIM rule refused the request (uniqueness, If-Match, last admin, …); the app sends it as is.
    case scim(SCIMError)

    public var description: String {
        switch self {
        case .invalid(let text), .notFound(let text), .conflict(let text), .refused(let text): return text
        case .database(let error): return error.description
        case .scim(let error): return error.detail
        }
    }

    public var debugDescription: String {
        switch self {
        case .database(let error): return error.debugDescription
        default: return description
        }
    }
}
