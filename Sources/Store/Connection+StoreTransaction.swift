import Postgres
import SCIM

extension Connection {
    /// How many times a transaction that hit a deadlock or serialization failure is run in all.
    static let storeMaxAttempts = 3

    /// Runs `body` in one transaction and maps what it throws to `StoreError`: SCIM refusals stay SCIM
    /// errors, database failures become `.database`. Deadlocks and serialization failures are retried (up to
    /// `storeMaxAttempts` runs in all), so they never surface as a 500; `observer` hears of each retry.
    func storeTransaction<T>(
        retrying: Bool = true, observer: (any StoreObserver)? = nil, refusal: (any Error) -> SCIMError? = { _ in nil },
        _ body: (Connection) throws -> T
    ) throws(StoreError) -> T {
        var attempt = 1
        while true {
            do {
                return try withTransaction(body)
            } catch let error as SCIMError {
                throw .scim(error)
            } catch let error as StoreError {
                throw error
            } catch let error as PostgresError {
                if retrying && error.isRetryable && attempt < Self.storeMaxAttempts {
                    observer?.retried(after: error)
                    attempt += 1
                    continue
                }
                throw .database(error)
            } catch {
                if let scim = refusal(error) { throw .scim(scim) }
                throw .invalid("\(error)")
            }
        }
    }
}
