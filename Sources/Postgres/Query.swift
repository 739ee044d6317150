/// A SQL statement whose interpolated values become `$n` bind parameters.
///
/// ```swift
/// let query: Query = "SELECT id FROM \(ident: schema).users WHERE user_name = \(name)"
/// ```
/// Values never enter the SQL text. Raw text enters only through `\(unsafeSQL:)`, and identifiers only
/// through `\(ident:)`, which takes a validated `SQLIdentifier`.
public struct Query: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The SQL text with `$1`, `$2`, … placeholders.
    public private(set) var sql: String
    /// The bind values in text format; `nil` is SQL NULL.
    public private(set) var binds: [String?]

    /// Creates a query from SQL text with no parameters. The text must not carry request or row data.
    public init(unsafeSQL sql: String) {
        self.sql = sql
        self.binds = []
    }

    public init(stringLiteral value: String) {
        self.sql = value
        self.binds = []
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.binds = stringInterpolation.binds
    }

    /// Appends another query, renumbering its parameters.
    public mutating func append(_ other: Query) {
        sql += Self.renumber(other.sql, offset: binds.count)
        binds += other.binds
    }

    /// Appends raw SQL text. The text must not carry request or row data.
    public mutating func append(unsafeSQL text: String) {
        sql += text
    }

    /// Appends one bind parameter and returns its placeholder, e.g. `$3`.
    @discardableResult
    public mutating func bind(_ value: some PostgresEncodable) -> String {
        binds.append(value.postgresText)
        return "$\(binds.count)"
    }

    /// The SQL text only: bind values are not shown, so logging a query never leaks data.
    public var description: String { sql }

    /// Rewrites `$n` placeholders of `sql` to `$(n + offset)`, skipping string literals and quoted names.
    static func renumber(_ sql: String, offset: Int) -> String {
        guard offset > 0 else { return sql }
        var out = ""
        var chars = Array(sql.unicodeScalars)[...]
        var quote: Unicode.Scalar?
        while let scalar = chars.popFirst() {
            if let open = quote {
                out.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
                continue
            }
            if scalar == "'" || scalar == "\"" {
                quote = scalar
                out.unicodeScalars.append(scalar)
                continue
            }
            guard scalar == "$", let next = chars.first, ("0"..."9").contains(next) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            var digits = ""
            while let digit = chars.first, ("0"..."9").contains(digit) {
                digits.unicodeScalars.append(digit)
                chars.removeFirst()
            }
            out += "$\((Int(digits) ?? 0) + offset)"
        }
        return out
    }

    /// Builds the SQL text and the bind list of an interpolated query.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [String?] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value, sent as a bind parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresText)
            sql += "$\(binds.count)"
        }

        /// An optional value: nil is sent as SQL NULL.
        public mutating func appendInterpolation<T: PostgresEncodable>(_ value: T?) {
            binds.append(value?.postgresText ?? nil)
            sql += "$\(binds.count)"
        }

        /// A validated identifier, written double-quoted.
        public mutating func appendInterpolation(ident: SQLIdentifier) {
            sql += ident.quoted
        }

        /// Raw SQL text. It must never carry request or row data.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }

        /// A nested query; its parameters are renumbered after the ones so far.
        public mutating func appendInterpolation(_ query: Query) {
            sql += Query.renumber(query.sql, offset: binds.count)
            binds += query.binds
        }
    }
}
