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
        let pendingActions = commitActions.count
        let value: T
        do {
            value = try body(self)
        } catch {
            transactionDepth = depth
            commitActions.removeSubrange(min(pendingActions, commitActions.count)...)
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
            commitActions.removeSubrange(min(pendingActions, commitActions.count)...)
            throw error
        }
        if depth == 0 && !commitActions.isEmpty {
            let actions = commitActions
            commitActions = []
            for action in actions { action() }
        }
        return value
    }

    /// Runs `action` once the open transaction has committed, or at once when none is open (the last
    /// statement committed on its own). Dropped when the transaction, or the savepoint it was added in, rolls
    /// back — so what it records (metrics, notices) counts only work that is really in the database.
    public func afterCommit(_ action: @escaping () -> Void) {
        guard transactionDepth > 0 else { return action() }
        commitActions.append(action)
    }

    /// Whether a `withTransaction` body is running on this connection.
    public var isInTransaction: Bool { transactionDepth > 0 }
}
