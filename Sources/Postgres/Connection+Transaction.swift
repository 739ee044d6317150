/// Transaction isolation levels.
public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension Connection {
    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    ///
    /// Nested calls use savepoints, so an inner failure rolls back only the inner work.
    @discardableResult
    public func withTransaction<T>(
        isolation: IsolationLevel = .readCommitted, _ body: (Connection) throws -> T
    ) throws -> T {
        let depth = transactionDepth
        if depth == 0 {
            try execute(Query(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)"))
        } else {
            try execute(Query(unsafeSQL: "SAVEPOINT roster_sp_\(depth)"))
        }
        transactionDepth = depth + 1
        let value: T
        do {
            value = try body(self)
        } catch {
            transactionDepth = depth
            if isConnected {
                let undo = depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT roster_sp_\(depth)"
                _ = try? execute(Query(unsafeSQL: undo))
            }
            throw error
        }
        transactionDepth = depth
        do {
            try execute(Query(unsafeSQL: depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT roster_sp_\(depth)"))
        } catch {
            if depth == 0, isConnected { _ = try? execute(Query(unsafeSQL: "ROLLBACK")) }
            throw error
        }
        return value
    }

    /// Whether a `withTransaction` body is running on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }
}
