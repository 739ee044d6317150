import CLibPQ

/// The prepared statements of one session: SQL text → statement name, least recently used evicted.
///
/// A statement is prepared on its second use only: with thousands of organizations, statement texts are
/// per schema and most are used rarely, so preparing every one would thrash the cache (prepare, execute,
/// deallocate) instead of saving work.
struct StatementCache {
    let capacity: Int
    private var names: [String: (name: String, lastUse: Int)] = [:]
    private var seenOnce: Set<String> = []
    private var clock = 0
    private var counter = 0

    /// Whether `sql` has been run before (and so is worth preparing); records it.
    mutating func isRepeated(_ sql: String) -> Bool {
        if seenOnce.contains(sql) { return true }
        if seenOnce.count >= capacity * 4 { seenOnce.removeAll(keepingCapacity: true) }
        seenOnce.insert(sql)
        return false
    }

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The name of an already prepared statement, marking it used.
    mutating func name(for sql: String) -> String? {
        guard let entry = names[sql] else { return nil }
        clock += 1
        names[sql] = (entry.name, clock)
        return entry.name
    }

    /// Records a new statement; returns its name and the name of one to deallocate, if the cache was full.
    mutating func insert(_ sql: String) -> (name: String, evicted: String?) {
        counter += 1
        clock += 1
        var evicted: String?
        if names.count >= capacity, let oldest = names.min(by: { $0.value.lastUse < $1.value.lastUse }) {
            names[oldest.key] = nil
            evicted = oldest.value.name
        }
        let name = "roster_s\(counter)"
        names[sql] = (name, clock)
        return (name, evicted)
    }

    mutating func remove(_ sql: String) {
        names[sql] = nil
    }

    mutating func removeAll() {
        names.removeAll()
        seenOnce.removeAll()
    }
}

extension Connection {
    /// Executes `query` through a prepared statement of this session, preparing it on first use.
    func queryPrepared(_ query: Query, on conn: OpaquePointer) throws(PostgresError) -> PostgresResult {
        guard var cache = statements else { throw PostgresError(kind: .misuse, message: "no statement cache") }
        var name = cache.name(for: query.sql)
        if name == nil && !cache.isRepeated(query.sql) {
            statements = cache
            let raw = try withOptionalCStringArray(query.binds) { (params) throws(PostgresError) -> OpaquePointer? in
                guard let timeout = queryTimeout else {
                    return PQexecParams(conn, query.sql, Int32(query.binds.count), nil, params, nil, nil, 0)
                }
                return try awaitResult(on: conn, timeout: timeout) {
                    PQsendQueryParams(conn, query.sql, Int32(query.binds.count), nil, params, nil, nil, 0)
                }
            }
            return try check(raw, on: conn)
        }
        if name == nil {
            let (fresh, evicted) = cache.insert(query.sql)
            statements = cache
            if let evicted { _ = try? check(PQexec(conn, "DEALLOCATE \(evicted)"), on: conn) }
            do {
                let prepared: OpaquePointer?
                if let timeout = queryTimeout {
                    prepared = try awaitResult(on: conn, timeout: timeout) {
                        PQsendPrepare(conn, fresh, query.sql, Int32(query.binds.count), nil)
                    }
                } else {
                    prepared = PQprepare(conn, fresh, query.sql, Int32(query.binds.count), nil)
                }
                _ = try check(prepared, on: conn)
            } catch {
                statements?.remove(query.sql)
                throw error
            }
            name = fresh
        } else {
            statements = cache
        }
        // Safe: set above in both branches.
        let statement = name!
        let raw = try withOptionalCStringArray(query.binds) { (params) throws(PostgresError) -> OpaquePointer? in
            guard let timeout = queryTimeout else {
                return PQexecPrepared(conn, statement, Int32(query.binds.count), params, nil, nil, 0)
            }
            return try awaitResult(on: conn, timeout: timeout) {
                PQsendQueryPrepared(conn, statement, Int32(query.binds.count), params, nil, nil, 0)
            }
        }
        do {
            return try check(raw, on: conn)
        } catch  where error.sqlState == "26000" || error.sqlState == "0A000" {
            // The statement vanished (DISCARD ALL) or its cached plan no longer fits (schema changed):
            // forget it; the next use prepares it again.
            statements?.remove(query.sql)
            if transactionDepth == 0 { return try queryPrepared(query, on: conn) }
            throw error
        }
    }
}
