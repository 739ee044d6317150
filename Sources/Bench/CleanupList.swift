import Synchronization

/// What to stop and remove at the end of a run, or when the run is interrupted: run once, last added first
/// (the server before its database, the database before its folder).
public final class CleanupList: Sendable {
    private let actions = Mutex<[@Sendable () -> Void]>([])

    /// An empty list.
    public init() {}

    /// Adds an action.
    public func add(_ action: @escaping @Sendable () -> Void) {
        actions.withLock { $0.append(action) }
    }

    /// Runs and forgets every action, newest first.
    public func runAll() {
        let all = actions.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for action in all.reversed() { action() }
    }
}
