import Foundation

/// A libpq connection string, in keyword form (`host=127.0.0.1 port=5432 dbname=x`) or URL form
/// (`postgres://user@host:5432/x`), with what the tests need: read the port and database, and derive
/// the same string for another database.
public struct ConnectionString: Sendable, Equatable {
    /// The string as libpq reads it.
    public let text: String

    /// Wraps an existing connection string (either form) without checking it.
    public init(_ text: String) {
        self.text = text
    }

    /// Builds the keyword form from pairs in order, quoting values where libpq needs it.
    public init(keywords: [(key: String, value: String)]) {
        text = keywords.map { "\($0.key)=\(ConnectionString.quoted($0.value))" }.joined(separator: " ")
    }

    /// Whether this is the URL form (`postgres://` or `postgresql://`).
    public var isURL: Bool { text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") }

    /// The same connection string aimed at database `name`.
    public func settingDatabase(_ name: String) throws(LocalPostgresError) -> ConnectionString {
        if isURL { return ConnectionString(settingURLDatabase(name)) }
        var pairs = try keywordPairs()
        if let index = pairs.firstIndex(where: { $0.key == "dbname" }) {
            pairs[index].value = name
        } else {
            pairs.append((key: "dbname", value: name))
        }
        return ConnectionString(keywords: pairs)
    }

    /// The port it names, if any (the first one of a host list).
    public var port: Int? {
        if isURL {
            if let value = urlQueryValue("port") { return Int(value.split(separator: ",").first ?? "") }
            let host = urlAuthority.split(separator: "@").last.map(String.init) ?? ""
            let first = host.split(separator: ",").first.map(String.init) ?? ""
            let afterBracket = first.split(separator: "]").last.map(String.init) ?? first
            guard let colon = afterBracket.lastIndex(of: ":") else { return nil }
            return Int(afterBracket[afterBracket.index(after: colon)...])
        }
        let value = (try? keywordPairs())?.last { $0.key == "port" }?.value
        return value.flatMap { Int($0.split(separator: ",").first ?? "") }
    }

    /// Quotes a keyword-form value: bare when safe, else in single quotes with `\` escapes.
    public static func quoted(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.contains { $0.isWhitespace || $0 == "'" || $0 == "\\" || $0 == "=" }
        guard needsQuotes else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }

    /// Parses the keyword form as libpq does: `key = value` pairs, values bare or single-quoted,
    /// backslash escaping the next character.
    public func keywordPairs() throws(LocalPostgresError) -> [(key: String, value: String)] {
        var pairs: [(key: String, value: String)] = []
        var rest = Substring(text)
        func skipSpaces() { rest = rest.drop { $0.isWhitespace } }
        while true {
            skipSpaces()
            guard !rest.isEmpty else { return pairs }
            let key = String(rest.prefix { !$0.isWhitespace && $0 != "=" })
            rest = rest.dropFirst(key.count)
            skipSpaces()
            guard !key.isEmpty, rest.first == "=" else {
                throw LocalPostgresError(.invalidConfiguration, "connection string: missing \"=\" after \"\(key)\"")
            }
            rest = rest.dropFirst()
            skipSpaces()
            var value = ""
            let isQuoted = rest.first == "'"
            if isQuoted { rest = rest.dropFirst() }
            var closed = !isQuoted
            while let character = rest.first {
                rest = rest.dropFirst()
                if character == "\\", let next = rest.first {
                    value.append(next)
                    rest = rest.dropFirst()
                } else if isQuoted && character == "'" {
                    closed = true
                    break
                } else if !isQuoted && character.isWhitespace {
                    break
                } else {
                    value.append(character)
                }
            }
            guard closed else {
                throw LocalPostgresError(.invalidConfiguration, "connection string: unterminated quoted value")
            }
            pairs.append((key: key, value: value))
        }
    }

    // MARK: URL form

    /// The part between `://` and the first `/` or `?`.
    private var urlAuthority: Substring {
        guard let schemeEnd = text.range(of: "://") else { return "" }
        let rest = text[schemeEnd.upperBound...]
        return rest.prefix { $0 != "/" && $0 != "?" }
    }

    private func urlQueryValue(_ name: String) -> String? {
        guard let question = text.firstIndex(of: "?") else { return nil }
        for item in text[text.index(after: question)...].split(separator: "&") {
            let parts = item.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name { return String(parts[1]).removingPercentEncoding }
        }
        return nil
    }

    private func settingURLDatabase(_ name: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return text }
        let authorityEnd = text[schemeEnd.upperBound...].firstIndex { $0 == "/" || $0 == "?" } ?? text.endIndex
        let queryStart = text[authorityEnd...].firstIndex(of: "?") ?? text.endIndex
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
        var query = String(text[queryStart...])
        if query.hasPrefix("?") {
            let items = query.dropFirst().split(separator: "&").map { item in
                item.hasPrefix("dbname=") ? "dbname=\(encoded)" : String(item)
            }
            query = "?" + items.joined(separator: "&")
        }
        return String(text[..<authorityEnd]) + "/" + encoded + query
    }
}
