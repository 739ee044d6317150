import CLibPQ

/// The rows of one statement's result. Owns its `PGresult` and clears it in `deinit`.
public final class PostgresResult {
    private let handle: OpaquePointer
    /// The number of rows.
    public let count: Int
    /// The number of columns.
    public let columnCount: Int
    /// Rows changed by INSERT/UPDATE/DELETE (`PQcmdTuples`), 0 for other statements.
    public let affectedRows: Int
    /// The column names, in order.
    public let columnNames: [String]

    init(taking handle: OpaquePointer) {
        self.handle = handle
        count = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
        if let tuples = PQcmdTuples(handle) {
            affectedRows = Int(String(cString: tuples)) ?? 0
        } else {
            affectedRows = 0
        }
        columnNames = (0..<Int32(PQnfields(handle))).map { index in
            guard let name = PQfname(handle, index) else { return "" }
            return String(cString: name)
        }
    }

    deinit {
        PQclear(handle)
    }

    /// The row at `index` (0-based).
    public subscript(index: Int) -> PostgresRow {
        PostgresRow(result: self, index: index)
    }

    /// All rows, in order.
    public var rows: [PostgresRow] {
        (0..<count).map { PostgresRow(result: self, index: $0) }
    }

    /// The first row, if any.
    public var first: PostgresRow? {
        count > 0 ? self[0] : nil
    }

    /// The index of the column named `name`, if any.
    public func columnIndex(_ name: String) -> Int? {
        columnNames.firstIndex(of: name)
    }

    /// The text of a cell, or nil for NULL. Out-of-range indexes read as NULL.
    func text(row: Int, column: Int) -> String? {
        guard row >= 0, row < count, column >= 0, column < columnCount else { return nil }
        let r = Int32(row)
        let c = Int32(column)
        if PQgetisnull(handle, r, c) != 0 { return nil }
        guard let value = PQgetvalue(handle, r, c) else { return nil }
        return String(cString: value)
    }
}

/// One row of a `PostgresResult`; reads columns by position or name.
public struct PostgresRow {
    let result: PostgresResult
    let index: Int

    /// Decodes column `column` as `T`; NULL decodes only into an Optional.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, at column: Int) throws(PostgresError) -> T {
        guard column >= 0, column < result.columnCount else {
            throw PostgresError(kind: .misuse, message: "no column \(column) in a result of \(result.columnCount)")
        }
        guard let text = result.text(row: index, column: column) else {
            if let null = T.postgresNull { return null }
            throw PostgresError(
                kind: .decoding, message: "column \(result.columnNames[column]) is NULL, expected \(T.self)")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(
                kind: .decoding, message: "column \(result.columnNames[column]) is not a \(T.self)")
        }
        return value
    }

    /// Decodes the column named `name` as `T`.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ name: String) throws(PostgresError) -> T {
        guard let column = result.columnIndex(name) else {
            throw PostgresError(kind: .misuse, message: "no column named \(name)")
        }
        return try decode(type, at: column)
    }

    /// Whether column `column` is NULL.
    public func isNull(at column: Int) -> Bool {
        result.text(row: index, column: column) == nil
    }
}
