import HTTP
import SCIM
import Store

/// A JSON object request body with a fixed set of allowed fields; unknown fields, wrong types and
/// malformed JSON are `400` with a sentence naming the problem.
struct AdminJSONBody {
    private let object: JSONObject

    /// Parses the body of `request`, which must be a JSON object using only `fields`.
    init(_ request: HTTPRequest, fields: Set<String>) throws(AdminError) {
        if let type = request.headers.first("Content-Type"),
            !type.lowercased().hasPrefix("application/json")
        {
            throw AdminError(status: 415, code: "unsupported_media_type", detail: "send the body as application/json")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(request.body)
        } catch {
            throw AdminError.invalid("the body is not valid JSON: \(error.description)")
        }
        guard case .object(let object) = value else { throw AdminError.invalid("the body must be a JSON object") }
        if let unknown = object.keys.first(where: { !fields.contains($0) }) {
            throw AdminError.invalid(
                "unknown field '\(unknown.prefix(40))'; allowed: \(fields.sorted().joined(separator: ", "))")
        }
        self.object = object
    }

    /// A required string field.
    func string(_ name: String) throws(AdminError) -> String {
        guard let value = try optionalString(name) else { throw AdminError.invalid("missing field '\(name)'") }
        return value
    }

    /// An optional string field (absent or null: nil).
    func optionalString(_ name: String) throws(AdminError) -> String? {
        guard let value = object[name], !value.isNull else { return nil }
        guard case .string(let text) = value else { throw AdminError.invalid("field '\(name)' must be a string") }
        return text
    }

    /// An optional array of strings.
    func strings(_ name: String) throws(AdminError) -> [String]? {
        guard let value = object[name], !value.isNull else { return nil }
        guard case .array(let items) = value, items.count <= 100 else {
            throw AdminError.invalid("field '\(name)' must be an array of at most 100 strings")
        }
        var texts: [String] = []
        for item in items {
            guard case .string(let text) = item else { throw AdminError.invalid("field '\(name)' must hold strings") }
            texts.append(text)
        }
        return texts
    }

    /// An optional integer.
    func integer(_ name: String) throws(AdminError) -> Int? {
        guard let value = object[name], !value.isNull else { return nil }
        guard case .number(let number) = value, let integer = Int(number.description) else {
            throw AdminError.invalid("field '\(name)' must be an integer")
        }
        return integer
    }

    /// A required rate limit: a number of requests per second, or `null` / `"default"` for the server's default.
    func rateLimit(_ name: String) throws -> Int? {
        guard let value = object[name] else { throw AdminError.invalid("missing field '\(name)'") }
        switch value {
        case .null: return nil
        case .string(let text): return try Administration.parseRateLimit(text)
        case .number: return try Administration.parseRateLimit(String(try integer(name) ?? 0))
        default: throw AdminError.invalid("field '\(name)' must be a number, null or \"default\"")
        }
    }
}
